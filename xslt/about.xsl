<?xml version="1.0" encoding="UTF-8"?>
<!-- About / editorial principles: the editorialDecl of every source's header, policy by policy
     (correction, normalization, quotation…); a statement the sources share is given once, with
     the sigla of the sources that make it. -->
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

  <!-- The sources in edition order: absolute URIs of their TEI files, file stems and sigla. -->
  <xsl:param name="source-uris-array" as="array(xs:string)" select="[]"/>
  <xsl:variable name="source-uris" as="xs:string*" select="$source-uris-array?*"/>
  <xsl:param name="source-keys-array" as="array(xs:string)" select="[]"/>
  <xsl:variable name="source-keys" as="xs:string*" select="$source-keys-array?*"/>
  <xsl:param name="sigla-array" as="array(xs:string)" select="[]"/>
  <xsl:variable name="sigla" as="xs:string*" select="$sigla-array?*"/>

  <xsl:variable name="sources" as="document-node()*" select="$source-uris ! doc(.)"/>

  <xsl:template match="/">
    <xsl:variable name="policies" as="element()*"
      select="$sources/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:editorialDecl/*"/>
    <xsl:variable name="project" select="($sources/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:projectDesc)[1]"/>
    <xsl:if test="$project">
      <section aria-labelledby="about-project">
        <h2 id="about-project">The project</h2>
        <xsl:for-each select="$project/tei:p">
          <p><xsl:apply-templates mode="ed:header-inline"/></p>
        </xsl:for-each>
      </section>
    </xsl:if>
    <nav class="toc" aria-label="Principles">
      <ul>
        <xsl:for-each select="distinct-values($policies ! local-name())">
          <li><a href="#policy-{.}"><xsl:value-of select="ed:policy-title(.)"/></a></li>
        </xsl:for-each>
      </ul>
    </nav>
    <xsl:for-each-group select="$policies" group-by="local-name()">
      <section class="policy" aria-labelledby="policy-{current-grouping-key()}">
        <h2 id="policy-{current-grouping-key()}"><xsl:value-of select="ed:policy-title(current-grouping-key())"/></h2>
        <xsl:for-each-group select="current-group()" group-by="normalize-space(string-join(tei:p, ' '))">
          <div class="statement">
            <p class="statement-sources">
              <xsl:variable name="which" select="current-group() ! ed:siglum-of(.)"/>
              <xsl:value-of select="if (count($which) = count($sources)) then 'All sources' else if (count($which) = 1) then 'Source' else 'Sources'"/>
              <xsl:text>: </xsl:text>
              <xsl:for-each select="$which">
                <xsl:if test="position() gt 1">, </xsl:if>
                <a class="siglum" href="{$root-prefix}sources/{$source-keys[index-of($sigla, current())[1]]}.html#source-header"><xsl:value-of select="."/></a>
              </xsl:for-each>
            </p>
            <xsl:for-each select="tei:p">
              <p><xsl:apply-templates mode="ed:header-inline"/></p>
            </xsl:for-each>
          </div>
        </xsl:for-each-group>
      </section>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="ed:siglum-of" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <!-- Compared by file name: Saxon may spell the same file's URI "file:/…" or "file:///…". -->
    <xsl:variable name="i" select="index-of($source-uris ! tokenize(., '/')[last()], tokenize(string(base-uri($el)), '/')[last()])[1]"/>
    <xsl:sequence select="if (exists($i)) then $sigla[$i] else '?'"/>
  </xsl:function>

  <xsl:function name="ed:policy-title" as="xs:string">
    <xsl:param name="local" as="xs:string"/>
    <xsl:sequence select="(map {
      'correction': 'Corrections', 'normalization': 'Normalisation', 'quotation': 'Quotation marks',
      'hyphenation': 'Hyphenation', 'interpretation': 'Interpretation: names, dates, titles, notes',
      'segmentation': 'Segmentation', 'stdVals': 'Standard values', 'punctuation': 'Punctuation'
      }($local), ed:policy-name($local))[1]"/>
  </xsl:function>
</xsl:stylesheet>
