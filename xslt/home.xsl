<?xml version="1.0" encoding="UTF-8"?>
<!-- Home page: the bibliography's list of witnesses → the list of the edition's sources, in the
     order of the configuration, each with its siglum, a link to its reading page and its
     bibliographic description. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:import href="common/unhandled.xsl"/>
  <xsl:import href="common/params.xsl"/>
  <xsl:import href="common/functions.xsl"/>
  <xsl:import href="common/header.xsl"/>

  <xsl:output method="xhtml" omit-xml-declaration="yes" indent="no"/>
  <xsl:mode on-no-match="fail" on-multiple-match="fail"/>

  <!-- The sources in edition order: file stems, sigla and titles (parallel sequences). -->
  <xsl:param name="source-keys-array" as="array(xs:string)" select="[]"/>
  <xsl:variable name="source-keys" as="xs:string*" select="$source-keys-array?*"/>
  <xsl:param name="sigla-array" as="array(xs:string)" select="[]"/>
  <xsl:variable name="sigla" as="xs:string*" select="$sigla-array?*"/>
  <xsl:param name="titles-array" as="array(xs:string)" select="[]"/>
  <xsl:variable name="titles" as="xs:string*" select="$titles-array?*"/>

  <xsl:template match="/">
    <xsl:variable name="witnesses" select="//tei:listWit/tei:witness"/>
    <ol class="witness-list">
      <xsl:for-each select="$sigla">
        <xsl:variable name="i" select="position()"/>
        <xsl:variable name="witness" select="$witnesses[tei:abbr[@type = 'siglum'] = current()][1]"/>
        <li>
          <p class="witness-title">
            <span class="siglum"><xsl:value-of select="."/></span>
            <xsl:text> </xsl:text>
            <a href="{$root-prefix}sources/{$source-keys[$i]}.html"><xsl:value-of select="$titles[$i]"/></a>
          </p>
          <xsl:if test="$witness/tei:bibl">
            <p class="description">
              <xsl:apply-templates select="$witness/tei:bibl/(node() except tei:note)" mode="ed:header-inline"/>
            </p>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>
</xsl:stylesheet>
