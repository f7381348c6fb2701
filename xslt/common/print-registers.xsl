<?xml version="1.0" encoding="UTF-8"?>
<!-- Print: a register (persons, places, orgs, bibliography) as the index of a printed book:
     the entries mentioned in the document, alphabetically under letter heads, each with its dates,
     its identification and the pages where it is mentioned ("12n": in a note on page 12).
     The page numbers come from the layout of a first rendering (src/edition/outputs/pdf.py) in
     $page-refs-json; each one links to the first mention on its page. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="ed:print-register" on-no-match="fail" on-multiple-match="fail"/>
  <xsl:mode name="ed:index-entry" on-no-match="fail" on-multiple-match="fail"/>

  <xsl:variable name="page-refs" as="map(*)" select="parse-json($page-refs-json)"/>

  <xsl:template match="tei:TEI" mode="ed:print-register">
    <xsl:variable name="entries" as="element()*" select="
      tei:standOff//(tei:person | tei:personGrp | tei:place | tei:org | tei:listBibl/tei:bibl)
        [@xml:id][map:contains($page-refs, $register-file || '#' || @xml:id)]"/>
    <div class="index index-{substring-before($register-file, '.')}">
      <xsl:for-each-group select="$entries" group-by="ed:index-letter(.)">
        <xsl:sort select="current-grouping-key()"/>
        <div class="index-group">
          <h3 class="index-letter"><xsl:value-of select="current-grouping-key()"/></h3>
          <xsl:for-each select="current-group()">
            <xsl:sort select="ed:index-sort-key(.)"/>
            <xsl:apply-templates select="." mode="ed:index-entry"/>
          </xsl:for-each>
        </div>
      </xsl:for-each-group>
    </div>
  </xsl:template>

  <xsl:template match="tei:person | tei:personGrp | tei:place | tei:org" mode="ed:index-entry">
    <p class="index-entry" id="reg-{@xml:id}">
      <span class="index-name"><xsl:value-of select="ed:index-name(.)"/></span>
      <xsl:variable name="dates" select="ed:life-dates(.)"/>
      <xsl:if test="$dates">
        <xsl:text> </xsl:text>
        <span class="index-dates">(<xsl:value-of select="$dates"/>)</span>
      </xsl:if>
      <xsl:call-template name="ed:index-gloss"/>
      <xsl:call-template name="ed:index-pages"/>
    </p>
  </xsl:template>

  <xsl:template match="tei:bibl" mode="ed:index-entry">
    <xsl:variable name="title" select="(tei:title[@type = 'main'], tei:title)[1]"/>
    <p class="index-entry" id="reg-{@xml:id}">
      <span class="index-name">
        <cite class="{ed:classes($title)}"><xsl:value-of select="normalize-space($title)"/></cite>
      </span>
      <xsl:variable name="by" select="string-join(
        (string-join(tei:author ! ed:plain(.), ' and '), tei:date[1] ! normalize-space())[. != ''], ', ')"/>
      <xsl:if test="$by">
        <xsl:text> </xsl:text>
        <span class="index-dates">(<xsl:value-of select="$by"/>)</span>
      </xsl:if>
      <xsl:call-template name="ed:index-gloss"/>
      <xsl:call-template name="ed:index-pages"/>
    </p>
  </xsl:template>

  <xsl:template name="ed:index-gloss">
    <xsl:for-each select="tei:note[@type = 'identification'][1]">
      <xsl:text>. </xsl:text>
      <span class="index-gloss"><xsl:apply-templates mode="ed:note-body"/></span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="ed:index-pages">
    <xsl:variable name="refs" select="$page-refs($register-file || '#' || @xml:id)" as="array(*)"/>
    <xsl:text> </xsl:text>
    <span class="index-pages">
      <xsl:for-each select="1 to array:size($refs)">
        <xsl:variable name="ref" select="$refs(current())" as="map(*)"/>
        <xsl:if test=". > 1">, </xsl:if>
        <a href="{$ref?href}"><xsl:value-of select="$ref?label"/></a>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- "Lev Lvovich Sedov" with id "sedov-lev" → "Sedov, Lev Lvovich": ids are surname first
       (docs/encoding-conventions.md), so the words of the name that spell the start of the id
       are the surname; failing that, a person's last word is. Groups stay as they are. -->
  <xsl:function name="ed:index-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="label" select="ed:label($entry)"/>
    <xsl:variable name="words" select="tokenize($label)"/>
    <xsl:variable name="n" select="count($words)"/>
    <xsl:variable name="id" select="string($entry/@xml:id)"/>
    <xsl:variable name="k" select="
      if ($entry/(self::tei:person | self::tei:personGrp)) then
        ((for $k in 1 to $n - 1
          return $k[let $s := ed:fold(string-join(subsequence($words, $n - $k + 1), ' '))
                    return $id = $s or starts-with($id, $s || '-')]),
         (: an id that does not follow the convention: the last word, as usual in indexes :)
         1[$entry/self::tei:person and $n > 1 and not(matches($words[$n], '^([IVX]+|Jr\.?|Sr\.?)$|[()]'))])[1]
      else ()"/>
    <xsl:sequence select="
      if (not($label)) then $id
      else if (exists($k)) then string-join(subsequence($words, $n - $k + 1), ' ') || ', '
                                || string-join(subsequence($words, 1, $n - $k), ' ')
      else $label"/>
  </xsl:function>

  <!-- Lower case, no accents or apostrophes, words joined by "-": "Léon O’Sedov" → "leon-osedov". -->
  <xsl:function name="ed:fold" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace(lower-case(replace(normalize-unicode($s, 'NFD'), '[\p{Mn}''’]', '')),
                                  '[^a-z0-9]+', '-')"/>
  </xsl:function>

  <xsl:function name="ed:index-sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="if ($entry/self::tei:bibl)
      then normalize-space(($entry/tei:title[@type = 'main'], $entry/tei:title)[1])
      else ed:index-name($entry)"/>
    <xsl:sequence select="ed:fold(replace($name, '^((The|An?|La|Le|Les)\s+|L[''’])', ''))"/>
  </xsl:function>

  <xsl:function name="ed:index-letter" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="first" select="upper-case(substring(ed:index-sort-key($entry), 1, 1))"/>
    <xsl:sequence select="if (matches($first, '[A-Z]')) then $first else '#'"/>
  </xsl:function>

  <!-- Years of birth and death: "1906–1938", "born 1897", "died 1937"; nothing if unknown. -->
  <xsl:function name="ed:life-dates" as="xs:string?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="born" select="$entry/tei:birth[1]/(@when, @notBefore, @from)[1] ! substring(., 1, 4)"/>
    <xsl:variable name="died" select="$entry/tei:death[1]/(@when, @notBefore, @from)[1] ! substring(., 1, 4)"/>
    <xsl:sequence select="
      if ($born and $died) then $born || '–' || $died
      else if ($born) then 'born ' || $born
      else if ($died) then 'died ' || $died
      else ()"/>
  </xsl:function>
</xsl:stylesheet>
