<?xml version="1.0" encoding="UTF-8"?>
<!-- Print: the "alternate" behaviour on paper. The text gives the edited reading (corr, reg,
     expan; the lemma of an app); the other reading goes to the apparatus at the foot of the page
     (CSS float: footnote), in the usual form "lemma] reading SIGLUM", lettered a, b, c… afresh on
     each page: CSS counters cannot restart on each page, so the letters (data-letter) are set by
     src/edition/outputs/pdf.py from the pages of a first layout. The book's introduction states
     this. -->
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
    <span class="tei-choice">
      <span class="reading-edited tei-{local-name($edited)}">
        <xsl:apply-templates select="$edited/node()"/>
      </span>
      <xsl:call-template name="ed:apparatus-entry">
        <xsl:with-param name="lemma" select="$edited"/>
        <xsl:with-param name="readings" select="$source"/>
        <xsl:with-param name="kind" select="local-name($source)"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <xsl:template match="tei:app">
    <xsl:variable name="lemma" select="(tei:lem, tei:rdg)[1]"/>
    <span class="tei-app">
      <span class="reading-base tei-{local-name($lemma)}">
        <xsl:apply-templates select="$lemma/node()"/>
      </span>
      <xsl:call-template name="ed:apparatus-entry">
        <xsl:with-param name="lemma" select="$lemma"/>
        <xsl:with-param name="readings" select="tei:rdg except $lemma"/>
        <xsl:with-param name="kind" select="'rdg'"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- "already] akeady S"; a reading the editors deleted: "deleted: is S"; one they added:
       "the] not in S". Inside an editorial note (itself a footnote) the entry cannot be
       another footnote: it follows the word in brackets. -->
  <xsl:template name="ed:apparatus-entry">
    <xsl:param name="lemma" as="element()?"/>
    <xsl:param name="readings" as="element()*"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="lemma-text" select="ed:plain($lemma)"/>
    <xsl:variable name="entry" as="node()*">
      <xsl:choose>
        <xsl:when test="$lemma-text = ''">
          <span class="app-lemma app-deleted">deleted:</span>
          <xsl:text> </xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <span class="app-lemma"><xsl:value-of select="$lemma-text"/></span>
          <span class="app-sep">] </span>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="$readings">
        <xsl:if test="position() > 1">; </xsl:if>
        <span class="app-rdg tei-{local-name()}">
          <xsl:choose>
            <xsl:when test="normalize-space(.) = ''"><span class="app-om">not in</span></xsl:when>
            <xsl:otherwise><xsl:apply-templates select="node()" mode="ed:apparatus-reading"/></xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:text> </xsl:text>
        <span class="app-wit"><xsl:value-of select="ed:witnesses(.)"/></span>
      </xsl:for-each>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="ancestor::tei:note[@type = 'editorial']">
        <span class="apparatus-inline app-{$kind}">[<xsl:sequence select="$entry"/>]</span>
      </xsl:when>
      <xsl:otherwise>
        <span class="apparatus app-{$kind}" id="app-{$siglum}-{generate-id()}" data-letter="a">
          <xsl:sequence select="$entry"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The sigla of a reading: its @wit ("bibliography.xml#wit-S" → "S"), else the source's. -->
  <xsl:function name="ed:witnesses" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="if ($reading/@wit)
      then string-join(tokenize($reading/@wit) ! replace(ed:fragment(.), '^wit-', ''), ' ')
      else $siglum"/>
  </xsl:function>

  <!-- A reading in the apparatus: its text as the text renders it, but no note or index anchor
       (a footnote cannot hold a footnote, and the index points to the text). -->
  <xsl:mode name="ed:apparatus-reading" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:template match="text()" mode="ed:apparatus-reading"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="tei:note" mode="ed:apparatus-reading"/>
</xsl:stylesheet>
