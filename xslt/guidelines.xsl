<?xml version="1.0" encoding="UTF-8"?>
<!-- Encoding guidelines: the ODD → the HTML body of the guidelines page. Its prose (text/body
     divs, with their examples) first, then a reference of what the schema changes: every
     elementSpec (gloss, description, attributes and their value lists) and every constraintSpec
     (the Schematron rules, whose idents are the validator's error codes). -->
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
  <xsl:import href="common/odd.xsl"/>

  <xsl:output method="xhtml" omit-xml-declaration="yes" indent="no"/>
  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="/">
    <div class="guidelines">
      <xsl:variable name="prose" select="/tei:TEI/tei:text/(tei:front, tei:body, tei:back)/tei:div"/>
      <nav class="toc" aria-labelledby="toc-heading">
        <h2 id="toc-heading">Contents</h2>
        <ol>
          <xsl:apply-templates select="$prose" mode="ed:toc"/>
          <xsl:if test="$element-specs">
            <li><a href="#ref-elements">Reference: elements</a></li>
          </xsl:if>
          <xsl:if test="$constraint-specs">
            <li><a href="#ref-rules">Reference: rules checked by the validator</a></li>
          </xsl:if>
        </ol>
      </nav>
      <xsl:apply-templates select="$prose"/>
      <xsl:if test="$element-specs">
        <section class="spec-reference" aria-labelledby="ref-elements">
          <h2 id="ref-elements">Reference: elements</h2>
          <p>The elements whose definition the edition changes or adds, with their attributes and closed
            value lists. Elements not listed keep the definition of the TEI Guidelines.</p>
          <xsl:for-each select="$element-specs">
            <xsl:sort select="@ident"/>
            <xsl:apply-templates select="." mode="ed:spec"/>
          </xsl:for-each>
        </section>
      </xsl:if>
      <xsl:if test="$constraint-specs">
        <section class="spec-reference" aria-labelledby="ref-rules">
          <h2 id="ref-rules">Reference: rules checked by the validator</h2>
          <p>Each rule's name is the code <code>edition validate</code> prints with the problem.</p>
          <dl class="rules">
            <xsl:for-each select="$constraint-specs">
              <xsl:sort select="@ident"/>
              <xsl:apply-templates select="." mode="ed:spec"/>
            </xsl:for-each>
          </dl>
        </section>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
