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

  <!-- Each child of a choice is shown as a source reading (sic, orig, abbr), an edited reading
       (corr, reg, expan), or, for other alternatives (seg, unclear…), in both views. -->
  <xsl:template match="tei:choice">
    <span class="tei-choice alternate">
      <xsl:for-each select="*">
        <xsl:variable name="role" select="
          if (self::tei:sic or self::tei:orig or self::tei:abbr) then 'reading-source'
          else if (self::tei:corr or self::tei:reg or self::tei:expan) then 'reading-edited'
          else 'reading-both'"/>
        <xsl:variable name="other" select="if ($role = 'reading-source') then (../tei:corr, ../tei:reg, ../tei:expan)[1]
                                           else if ($role = 'reading-edited') then (../tei:sic, ../tei:orig, ../tei:abbr)[1] else ()"/>
        <span class="{$role} tei-{local-name()}">
          <xsl:if test="$other">
            <xsl:attribute name="title" select="ed:reading-title($other, if ($role = 'reading-source') then 'Corrected' else 'Source reads')"/>
          </xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
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
      <xsl:apply-templates/>
    </span>
  </xsl:template>
  <!-- The base text is the lemma, or the first reading where there is no lemma. -->
  <xsl:template match="tei:lem | tei:rdg">
    <xsl:variable name="base" select="self::tei:lem or not(ancestor::tei:app[1]/tei:lem) and
      . is (ancestor::tei:app[1]//tei:rdg)[1]"/>
    <span class="tei-{local-name()} {if ($base) then 'reading-base' else 'reading-variant'}" data-wit="{@wit}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>
  <xsl:template match="tei:rdgGrp">
    <span class="tei-rdgGrp"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <span class="tei-supplied reading-edited">[<xsl:apply-templates/>]</span>
  </xsl:template>
  <!-- Outside a choice: the source's own readings are plain text, the editor's additions are
       edited readings (hidden when the reader asks for the source's text). -->
  <xsl:template match="(tei:sic | tei:orig | tei:abbr)[not(parent::tei:choice)]">
    <span class="{'tei-' || local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="(tei:corr | tei:reg | tei:expan | tei:ex)[not(parent::tei:choice)]">
    <span class="{'reading-edited tei-' || local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
