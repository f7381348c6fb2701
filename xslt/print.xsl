<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: one TEI file → one part of the print HTML that WeasyPrint sets as a book
     (the book's shell, contents and introduction are jinja2's: templates/print.html).
     $part says what the input is: "source" (a source of the edition), "register" (persons,
     places, orgs, bibliography: an index with page references) or "appendix" (the table of
     discrepancies). The shared behaviours come from common/; the print modules imported after
     them override only what differs on paper (notes as footnotes, the apparatus at the foot of
     the page, names as index anchors instead of links). -->
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
  <xsl:import href="common/header.xsl"/>
  <xsl:import href="common/print-params.xsl"/>
  <xsl:import href="common/print-text.xsl"/>
  <xsl:import href="common/print-apparatus.xsl"/>
  <xsl:import href="common/print-notes.xsl"/>
  <xsl:import href="common/print-header.xsl"/>
  <xsl:import href="common/print-registers.xsl"/>
  <xsl:import href="common/print-appendix.xsl"/>

  <xsl:output method="xhtml" omit-xml-declaration="yes" indent="no"/>
  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'source'">
        <xsl:apply-templates select="tei:TEI" mode="ed:print-source"/>
      </xsl:when>
      <xsl:when test="$part = 'register'">
        <xsl:apply-templates select="tei:TEI" mode="ed:print-register"/>
      </xsl:when>
      <xsl:when test="$part = 'appendix'">
        <xsl:apply-templates select="tei:TEI" mode="ed:print-appendix"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes" error-code="ed:print-part">print.xsl: unknown $part "<xsl:value-of select="$part"/>" (source, register or appendix)</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
