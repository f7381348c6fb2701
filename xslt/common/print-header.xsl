<?xml version="1.0" encoding="UTF-8"?>
<!-- Print: the description that opens each source. It is the website's "About this source"
     (common/header.xsl, mode ed:header), rendered once and turned from a disclosure widget into
     a block of the page; only the links differ: a file of the edition is named, not linked. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns:h="http://www.w3.org/1999/xhtml"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template match="tei:teiHeader" mode="ed:print-header">
    <xsl:variable name="web" as="element()*">
      <xsl:apply-templates select="." mode="ed:header"/>
    </xsl:variable>
    <xsl:apply-templates select="$web" mode="ed:print-details"/>
  </xsl:template>

  <xsl:mode name="ed:print-details" on-no-match="shallow-copy" on-multiple-match="fail"/>
  <xsl:template match="h:details" mode="ed:print-details">
    <div class="source-description" id="{$source-key}-description">
      <xsl:apply-templates mode="#current"/>
    </div>
  </xsl:template>
  <xsl:template match="h:summary" mode="ed:print-details">
    <h2 class="source-description-title">About this source</h2>
  </xsl:template>
  <!-- The encoders' revision notes are for the website and the TEI, not for the reader. -->
  <xsl:template match="h:dt[starts-with(., 'Revision')] | h:dd[preceding-sibling::h:dt[1][starts-with(., 'Revision')]]"
                mode="ed:print-details"/>

  <!-- Links in the header: to the web they stay links (their address printed by the CSS); to a
       file of the edition they name the file ("sources/004_….txt"). -->
  <xsl:template match="tei:ref[@target][matches(@target, '^(https?:|mailto:)')]" mode="ed:header-inline">
    <a class="tei-ref" href="{@target}"><xsl:apply-templates mode="#current"/></a>
  </xsl:template>
  <xsl:template match="tei:ref[@target][not(matches(@target, '^(https?:|mailto:)'))]" mode="ed:header-inline">
    <xsl:variable name="file" select="replace(@target, '^(\.\./)+', '')"/>
    <xsl:apply-templates mode="#current"/>
    <xsl:if test="normalize-space(.) != $file">
      <xsl:text> (</xsl:text>
      <span class="file-name"><xsl:value-of select="$file"/></span>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- In the description of the source: the siglum has its own line; statements of
       responsibility and related items are sentences of their own. -->
  <xsl:template match="tei:sourceDesc/tei:bibl/tei:idno[@type = 'siglum']" mode="ed:header-inline"/>
  <xsl:template match="tei:sourceDesc//tei:bibl/tei:respStmt" mode="ed:header-inline">
    <xsl:variable name="next" select="following-sibling::node()[1][self::text()]"/>
    <span class="tei-respStmt">
      <xsl:value-of select="normalize-space(string-join(tei:resp, ' '))"/>
      <xsl:text> </xsl:text>
      <xsl:for-each select="* except tei:resp">
        <xsl:if test="position() > 1">, </xsl:if>
        <xsl:apply-templates mode="#current"/>
      </xsl:for-each>
    </span>
    <xsl:if test="not(matches($next, '^\s*[.,;:)]'))">. </xsl:if>
  </xsl:template>
  <xsl:template match="tei:relatedItem" mode="ed:header-inline">
    <span class="tei-relatedItem">
      <xsl:value-of select="ed:related-label(@type)"/>
      <xsl:apply-templates mode="#current"/>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:function name="ed:related-label" as="xs:string">
    <xsl:param name="type" as="attribute(type)?"/>
    <xsl:sequence select="
      if ($type = 'reprint') then 'Printed in: '
      else if ($type = 'original') then 'Original: '
      else if ($type = 'translation') then 'Translation: '
      else ''"/>
  </xsl:function>

  <!-- (gi, att, code… are common/header.xsl's.) -->
  <xsl:template match="tei:soCalled" mode="ed:header-inline">
    <em class="tei-soCalled"><xsl:apply-templates mode="#current"/></em>
  </xsl:template>
</xsl:stylesheet>
