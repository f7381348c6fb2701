<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared passages, marked on the reading pages: a paragraph that belongs to a group of parallel
     passages (build/tei/parallels.xml) says with which sources it is shared and links to the
     group's synoptic view. The paragraph template of common/text.xsl applies mode ed:parallels
     to the paragraph's @xml:id; without the parameter nothing is written. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- JSON object: xml:id of a block → [{"group": id, "kind": "verbatim"|"variant"|"translation",
       "sigla": [sigla of the other members]}] (edition.collate.membership). -->
  <xsl:param name="parallels-json" as="xs:string" select="'{}'"/>

  <xsl:variable name="ed:parallels" as="map(*)" select="parse-json($parallels-json)"/>

  <xsl:function name="ed:kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="if ($kind = 'translation') then 'in another translation or wording'
                          else if ($kind = 'variant') then 'with variants' else 'word for word'"/>
  </xsl:function>

  <xsl:template match="@xml:id" mode="ed:parallels">
    <xsl:variable name="entries" as="array(*)?" select="$ed:parallels(string(.))"/>
    <xsl:if test="exists($entries) and array:size($entries) gt 0">
      <xsl:text> </xsl:text>
      <small class="parallels">
        <xsl:for-each select="$entries?*">
          <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
          <a class="parallel-link kind-{?kind}" href="{$root-prefix}comparison/{?group}.html"
             data-group="{?group}"
             title="This passage recurs {ed:kind-label(?kind)}: open the synoptic view">
            <xsl:text>⇄ shared with </xsl:text>
            <xsl:value-of select="string-join(?sigla?*, ', ')"/>
            <xsl:text> → synoptic view</xsl:text>
          </a>
        </xsl:for-each>
      </small>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
