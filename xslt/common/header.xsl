<?xml version="1.0" encoding="UTF-8"?>
<!-- The teiHeader as a reader sees it: where the text comes from and how it was encoded. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template match="tei:teiHeader" mode="ed:header">
    <details class="source-header" id="source-header">
      <summary>About this source: where it comes from and how it was encoded</summary>
      <dl>
        <xsl:for-each select="tei:fileDesc/tei:sourceDesc/tei:bibl">
          <dt>Source</dt>
          <dd><xsl:apply-templates mode="ed:header-inline"/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'siglum']">
          <dt>Siglum</dt>
          <dd><xsl:value-of select="."/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:fileDesc/tei:titleStmt/tei:respStmt">
          <dt><xsl:value-of select="normalize-space(string-join(tei:resp, '; '))"/></dt>
          <dd><xsl:value-of select="normalize-space(string-join(tei:name | tei:persName, ', '))"/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:encodingDesc/tei:editorialDecl/*">
          <dt><xsl:value-of select="ed:policy-name(local-name())"/></dt>
          <dd><xsl:apply-templates select="tei:p" mode="ed:header-inline"/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:revisionDesc/tei:change">
          <dt>Revision <xsl:value-of select="@when"/></dt>
          <dd><xsl:apply-templates mode="ed:header-inline"/></dd>
        </xsl:for-each>
      </dl>
    </details>
  </xsl:template>

  <xsl:function name="ed:policy-name" as="xs:string">
    <xsl:param name="local" as="xs:string"/>
    <xsl:sequence select="upper-case(substring($local, 1, 1)) || substring($local, 2)"/>
  </xsl:function>

  <xsl:mode name="ed:header-inline" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:template match="text()" mode="ed:header-inline"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="tei:p" mode="ed:header-inline">
    <span class="tei-p"><xsl:apply-templates mode="#current"/></span><xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:gi" mode="ed:header-inline">
    <code class="tei-gi">&lt;<xsl:value-of select="."/>&gt;</code>
  </xsl:template>
  <xsl:template match="tei:att" mode="ed:header-inline">
    <code class="tei-att">@<xsl:value-of select="."/></code>
  </xsl:template>
  <xsl:template match="tei:code | tei:val | tei:tag | tei:ident" mode="ed:header-inline">
    <code class="tei-{local-name()}"><xsl:value-of select="."/></code>
  </xsl:template>
  <xsl:template match="tei:mentioned | tei:term | tei:foreign | tei:emph" mode="ed:header-inline">
    <em class="tei-{local-name()}"><xsl:apply-templates mode="#current"/></em>
  </xsl:template>
  <xsl:template match="tei:title" mode="ed:header-inline">
    <cite><xsl:apply-templates mode="#current"/></cite>
  </xsl:template>
  <xsl:template match="tei:ref[@target]" mode="ed:header-inline">
    <a href="{ed:site-href(@target, $root-prefix)}"><xsl:apply-templates mode="#current"/></a>
  </xsl:template>
</xsl:stylesheet>
