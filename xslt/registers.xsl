<?xml version="1.0" encoding="UTF-8"?>
<!-- Registers: one register file (persons, places, orgs, bibliography) → the HTML body of its
     page, each entry with its names, dates, authority links and every occurrence in the sources. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:import href="common/unhandled.xsl"/>
  <xsl:import href="common/params.xsl"/>
  <xsl:import href="common/functions.xsl"/>
  <xsl:import href="common/text.xsl"/>
  <xsl:import href="common/apparatus.xsl"/>
  <xsl:import href="common/notes.xsl"/>

  <xsl:output method="xhtml" omit-xml-declaration="yes" indent="no"/>
  <xsl:mode on-no-match="fail" on-multiple-match="fail"/>
  <xsl:mode name="ed:entry" on-no-match="fail" on-multiple-match="fail"/>

  <!-- The register's file name ("persons.xml"), for building the pointers that sources use. -->
  <xsl:param name="register-file" as="xs:string" required="yes"/>
  <!-- JSON: {"persons.xml#id": [{"source", "siglum", "element", "paragraph", "text"}…]}. -->
  <xsl:param name="occurrences-json" as="xs:string" select="'{}'"/>
  <!-- JSON: {"source key": "short title"}. -->
  <xsl:param name="source-titles-json" as="xs:string" select="'{}'"/>

  <xsl:variable name="occurrences" as="map(*)" select="parse-json($occurrences-json)"/>
  <xsl:variable name="source-titles" as="map(*)" select="parse-json($source-titles-json)"/>

  <xsl:template match="/">
    <div class="register">
      <xsl:variable name="entries" select="//tei:standOff//(tei:person | tei:personGrp | tei:place | tei:org | tei:listBibl/tei:bibl | tei:witness)[@xml:id]"/>
      <nav class="register-index" aria-label="Entries">
        <ul>
          <xsl:for-each select="$entries">
            <xsl:sort select="lower-case(ed:sort-key(.))"/>
            <li><a href="#{@xml:id}"><xsl:value-of select="ed:display-name(.)"/></a></li>
          </xsl:for-each>
        </ul>
      </nav>
      <xsl:for-each-group select="$entries" group-by="ed:group-label(.)">
        <section class="register-group">
          <h2><xsl:value-of select="current-grouping-key()"/></h2>
          <xsl:for-each select="current-group()">
            <xsl:sort select="lower-case(ed:sort-key(.))"/>
            <xsl:apply-templates select="." mode="ed:entry"/>
          </xsl:for-each>
        </section>
      </xsl:for-each-group>
    </div>
  </xsl:template>

  <xsl:function name="ed:group-label" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="
      if ($entry/self::tei:witness) then 'The sources of the edition (witnesses)'
      else if ($entry/ancestor::tei:listPerson[@type = 'editors']) then 'Editors'
      else if ($entry/self::tei:bibl) then 'Works cited or quoted'
      else 'Entries'"/>
  </xsl:function>

  <xsl:function name="ed:display-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="label" select="ed:label($entry)"/>
    <xsl:sequence select="
      if ($entry/self::tei:bibl) then normalize-space(string-join(($entry/tei:author[1]/string(), $entry/tei:title[1]/string()), ', '))
      else if ($entry/self::tei:witness) then normalize-space($entry/tei:abbr[@type = 'siglum'] || ' — ' || string-join($entry/tei:bibl[1]//tei:title[1]//text(), ''))
      else if ($label) then $label else string($entry/@xml:id)"/>
  </xsl:function>

  <xsl:function name="ed:sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="surname" select="($entry/tei:persName[@type = 'standard']/tei:surname, $entry/tei:persName[1]/tei:surname)[1]"/>
    <xsl:sequence select="if ($surname) then string($surname) || ' ' || ed:display-name($entry) else string($entry/@xml:id)"/>
  </xsl:function>

  <xsl:template match="*" mode="ed:entry">
    <xsl:variable name="pointer" select="$register-file || '#' || @xml:id"/>
    <article class="entry entry-{local-name()}" id="{@xml:id}">
      <h3><xsl:value-of select="ed:display-name(.)"/></h3>
      <xsl:variable name="variants" select="(tei:persName, tei:placeName, tei:orgName, tei:name)[not(@type = 'standard')]"/>
      <xsl:if test="$variants">
        <p class="variants"><span class="label">Also:</span><xsl:text> </xsl:text>
          <xsl:for-each select="$variants">
            <xsl:if test="position() gt 1">; </xsl:if>
            <span class="variant"><xsl:value-of select="normalize-space(.)"/></span>
            <xsl:if test="@type and not(@type = 'variant')"> <span class="variant-type"> (<xsl:value-of select="@type"/>)</span></xsl:if>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="tei:birth | tei:death">
        <p class="life">
          <xsl:for-each select="tei:birth | tei:death">
            <xsl:if test="position() gt 1"> · </xsl:if>
            <span class="{local-name()}"><xsl:value-of select="if (self::tei:birth) then 'Born ' else 'Died '"/>
              <xsl:value-of select="string-join((ed:format-date((@when, @notBefore, @from)[1]), normalize-space(.)[.]), ', ')"/></span>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="self::tei:bibl or self::tei:witness">
        <p class="citation"><xsl:apply-templates select="if (self::tei:witness) then tei:bibl/node() else node() except tei:note"/></p>
      </xsl:if>
      <xsl:for-each select="tei:note">
        <p class="identification"><xsl:apply-templates mode="ed:note-body"/></p>
      </xsl:for-each>
      <xsl:if test="tei:idno[@type = ('wikidata', 'viaf')]">
        <p class="authority">
          <xsl:for-each select="tei:idno[@type = 'wikidata']">
            <a href="https://www.wikidata.org/wiki/{normalize-space(.)}">Wikidata <xsl:value-of select="."/></a>
          </xsl:for-each>
          <xsl:for-each select="tei:idno[@type = 'viaf']">
            <xsl:text> </xsl:text>
            <a href="https://viaf.org/viaf/{normalize-space(.)}">VIAF <xsl:value-of select="."/></a>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:call-template name="ed:occurrences">
        <xsl:with-param name="pointer" select="$pointer"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <xsl:template name="ed:occurrences">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:variable name="found" as="array(*)?" select="$occurrences($pointer)"/>
    <xsl:choose>
      <xsl:when test="exists($found) and array:size($found) gt 0">
        <details class="occurrences">
          <summary><xsl:value-of select="array:size($found)"/> occurrence<xsl:if test="array:size($found) ne 1">s</xsl:if> in the sources</summary>
          <xsl:for-each-group select="$found?*" group-by="?source">
            <h4><xsl:value-of select="($source-titles(current-grouping-key()), current-grouping-key())[1]"/></h4>
            <ul>
              <xsl:for-each select="current-group()">
                <li>
                  <a href="{$root-prefix}sources/{?source}.html{if (?paragraph) then '#' || ?paragraph else ''}">
                    <span class="occ-text"><xsl:value-of select="?text"/></span>
                  </a>
                  <span class="occ-kind"> (<xsl:value-of select="?element"/><xsl:if test="?paragraph">, <xsl:value-of select="?paragraph"/></xsl:if>)</span>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:for-each-group>
        </details>
      </xsl:when>
      <xsl:otherwise>
        <p class="occurrences none">Not mentioned in the texts (cited in the apparatus or the headers only).</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
