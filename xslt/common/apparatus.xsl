<?xml version="1.0" encoding="UTF-8"?>
<!-- The one apparatus module ("alternate" behaviour): choice and app, for every output.
     Both readings are written; CSS shows one or the other (body.show-source / show-edited),
     so search and copy find either. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template match="tei:choice">
    <xsl:variable name="source" select="(tei:sic, tei:orig, tei:abbr)[1]"/>
    <xsl:variable name="edited" select="(tei:corr, tei:reg, tei:expan)[1]"/>
    <span class="tei-choice alternate">
      <span class="reading-source tei-{local-name($source)}"
            title="{ed:reading-title($edited, 'Corrected')}">
        <xsl:apply-templates select="$source/node()"/>
      </span>
      <span class="reading-edited tei-{local-name($edited)}"
            title="{ed:reading-title($source, 'Source reads')}">
        <xsl:apply-templates select="$edited/node()"/>
      </span>
    </span>
  </xsl:template>

  <xsl:function name="ed:reading-title" as="xs:string">
    <xsl:param name="other" as="element()?"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:variable name="text" select="normalize-space(string($other))"/>
    <xsl:sequence select="$label || ': ' || (if ($text) then '“' || $text || '”' else '(nothing)')"/>
  </xsl:function>

  <xsl:template match="tei:app">
    <span class="tei-app alternate">
      <xsl:for-each select="tei:lem, tei:rdg">
        <span class="tei-{local-name()} {if (self::tei:lem or (position() = 1 and not(../tei:lem))) then 'reading-base' else 'reading-variant'}"
              data-wit="{@wit}">
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
    </span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <span class="tei-supplied reading-edited">[<xsl:apply-templates/>]</span>
  </xsl:template>
  <xsl:template match="tei:sic[not(parent::tei:choice)] | tei:corr[not(parent::tei:choice)]">
    <span class="{'tei-' || local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
