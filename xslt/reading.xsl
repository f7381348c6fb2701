<?xml version="1.0" encoding="UTF-8"?>
<!-- Reading edition: one source → the HTML body of its reading page (the page shell is jinja2's). -->
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
  <xsl:import href="common/text.xsl"/>
  <xsl:import href="common/apparatus.xsl"/>
  <xsl:import href="common/notes.xsl"/>
  <xsl:import href="common/parallels.xsl"/>
  <xsl:import href="common/header.xsl"/>

  <xsl:output method="xhtml" omit-xml-declaration="yes" indent="no"/>
  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/">
    <article class="reading" data-siglum="{$siglum}" lang="{(tei:TEI/@xml:lang, 'en')[1]}">
      <xsl:apply-templates select="tei:TEI/tei:teiHeader" mode="ed:header"/>
      <xsl:apply-templates select="tei:TEI/tei:text"/>
      <xsl:call-template name="ed:endnotes">
        <xsl:with-param name="notes" select="tei:TEI/tei:text//tei:note[@type = 'editorial']"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <xsl:template match="tei:text">
    <div class="tei-text"><xsl:apply-templates/></div>
  </xsl:template>
</xsl:stylesheet>
