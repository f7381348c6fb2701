<?xml version="1.0" encoding="UTF-8"?>
<!-- Functions shared by every output. All in the project's namespace (prefix ed). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  exclude-result-prefixes="#all">

  <!-- "persons.xml#sedov-lev" → "sedov-lev"; "#se-p1" → "se-p1". -->
  <xsl:function name="ed:fragment" as="xs:string">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="if (contains($pointer, '#')) then substring-after($pointer, '#') else string($pointer)"/>
  </xsl:function>

  <!-- "persons.xml#sedov-lev" → "persons.xml"; "#x" → "". -->
  <xsl:function name="ed:file" as="xs:string">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="if (contains($pointer, '#')) then substring-before($pointer, '#') else string($pointer)"/>
  </xsl:function>

  <!-- The page of the site where a register entry is shown. -->
  <!-- (A pointer to the same file, "#red-book", stays on the page; of several pointers,
       "persons.xml#a persons.xml#b", the link goes to the first.) -->
  <xsl:function name="ed:register-href" as="xs:string">
    <xsl:param name="pointers" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:variable name="pointer" select="(tokenize($pointers), '')[1]"/>
    <xsl:variable name="file" select="ed:file($pointer)"/>
    <xsl:variable name="page" select="if ($file = 'bibliography.xml') then 'works' else substring-before($file, '.xml')"/>
    <xsl:sequence select="if ($file = '') then '#' || ed:fragment($pointer)
      else $prefix || 'registers/' || $page || '.html#' || ed:fragment($pointer)"/>
  </xsl:function>

  <!-- Where a TEI @target leads in the site: a file of the edition becomes its page
       ("persons.xml#x" → registers/persons.html#x, "serge-1938.xml#se-p3" → sources/serge-1938.html#se-p3),
       the copy-texts and the schema their downloads, "../docs/…" the guidelines; other targets
       (web addresses, "#id" in the same file) are kept. -->
  <xsl:function name="ed:site-href" as="xs:string">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:variable name="file" select="ed:file($target)"/>
    <xsl:variable name="fragment" select="if (contains($target, '#')) then '#' || ed:fragment($target) else ''"/>
    <xsl:sequence select="
      if (starts-with($target, '../sources/')) then $prefix || 'downloads/sources/' || substring-after($target, '../sources/')
      else if (starts-with($target, '../schema/')) then $prefix || 'downloads/schema/' || substring-after($target, '../schema/')
      else if (starts-with($target, '../docs/')) then $prefix || 'guidelines.html'
      else if ($file = ('persons.xml', 'places.xml', 'orgs.xml', 'bibliography.xml'))
        then (if ($fragment) then ed:register-href($target, $prefix)
              else $prefix || 'registers/' || (if ($file = 'bibliography.xml') then 'works' else substring-before($file, '.xml')) || '.html')
      else if (matches($file, '^[A-Za-z0-9_-]+\.xml$')) then $prefix || 'sources/' || substring-before($file, '.xml') || '.html' || $fragment
      else $target"/>
  </xsl:function>

  <!-- The register entry a pointer names, or the empty sequence (resolved against the TEI file). -->
  <xsl:function name="ed:entry" as="element()?">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="pointer" select="tokenize($pointers)[1]"/>
    <xsl:variable name="file" select="ed:file($pointer)"/>
    <xsl:sequence select="
      if (not($pointer)) then ()
      else if ($file = '') then root($context)//*[@xml:id = ed:fragment($pointer)][1]
      else if (doc-available(resolve-uri($file, base-uri($context))))
        then doc(resolve-uri($file, base-uri($context)))//*[@xml:id = ed:fragment($pointer)][1]
      else ()"/>
  </xsl:function>

  <!-- Standard name of a register entry (persons, places, orgs, works). -->
  <xsl:function name="ed:label" as="xs:string">
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="name" select="($entry/(tei:persName, tei:placeName, tei:orgName, tei:name)[@type = 'standard'],
                                        $entry/(tei:persName, tei:placeName, tei:orgName, tei:name, tei:title))[1]"/>
    <xsl:sequence select="if ($name) then normalize-space(string-join($name//text(), '')) else ''"/>
  </xsl:function>

  <!-- A date attribute as a human-readable string ("16 February 1938"). -->
  <xsl:function name="ed:format-date" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="
      if (matches($iso, '^\d{4}-\d{2}-\d{2}$')) then format-date(xs:date($iso), '[D] [MNn] [Y]')
      else if (matches($iso, '^\d{4}-\d{2}$')) then format-date(xs:date($iso || '-01'), '[MNn] [Y]')
      else string($iso)"/>
  </xsl:function>
</xsl:stylesheet>
