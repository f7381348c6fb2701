<?xml version="1.0" encoding="UTF-8"?>
<!-- Print: the text of a source as a part of the book. Imported after common/text.xsl, so the
     templates here take precedence; each one differs from the shared behaviour only where paper
     differs from the screen:
     - a name, title, quotation or bibl that points to a register is an index anchor (an id the
       index's page references point to), not a link to a web page;
     - headings carry their plain text (data-label) for the PDF outline and the contents;
     - a link whose target is a file of the edition is plain text (it means nothing in a PDF).
     The output is parsed by an HTML5 parser: no block element may stand inside a <p>, and no <a>
     inside an <a>. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="ed:print-source" on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <!-- One source: its opening (title, description from the header), then its text. -->
  <xsl:template match="tei:TEI" mode="ed:print-source">
    <xsl:variable name="titles" select="tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="main" select="($titles[@type = 'main'], $titles)[1]"/>
    <section class="source" id="source-{$source-key}" data-siglum="{$siglum}"
             lang="{(@xml:lang, 'en')[1]}">
      <header class="source-opening">
        <p class="source-siglum">Source <xsl:value-of select="$siglum"/></p>
        <h1 class="source-title" data-label="{$siglum} · {normalize-space($main)}"
            data-runhead="{if ($short-title) then $short-title else normalize-space($main)}">
          <xsl:apply-templates select="$main/node()" mode="ed:header-inline"/>
        </h1>
        <xsl:for-each select="$titles[@type = 'sub']">
          <p class="source-subtitle"><xsl:apply-templates mode="ed:header-inline"/></p>
        </xsl:for-each>
        <xsl:apply-templates select="tei:teiHeader" mode="ed:print-header"/>
      </header>
      <div class="tei-text source-text">
        <xsl:apply-templates select="tei:text/node()"/>
      </div>
    </section>
  </xsl:template>

  <!-- The edited reading of an element as plain text, without editorial notes: for the outline,
       the contents and the lemmata of the apparatus. -->
  <xsl:function name="ed:plain" as="xs:string">
    <xsl:param name="el" as="node()?"/>
    <xsl:sequence select="normalize-space(string-join(
      $el/descendant-or-self::text()
        [not(ancestor::tei:note[@type = 'editorial'])]
        [not(ancestor::*[parent::tei:choice][self::tei:sic or self::tei:orig or self::tei:abbr])]
        [not(ancestor::tei:rdg[parent::tei:app])], ''))"/>
  </xsl:function>

  <!-- The register pointers of an element ("persons.xml#sedov-lev"…), as context.py counts them. -->
  <xsl:function name="ed:register-pointers" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/@ref, $el/@source, $el/@corresp) ! tokenize(.)
      [contains(., '#') and not(starts-with(., '#'))]"/>
  </xsl:function>

  <!-- The id of an index anchor: unique in the book (siglum + node id), stable between builds. -->
  <xsl:function name="ed:anchor-id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="'o-' || $siglum || '-' || generate-id($el)"/>
  </xsl:function>

  <!-- Give what the shared template rendered for $el an index anchor: an id (its own, if it has
       one) and the register pointers in data-ptr. -->
  <xsl:template name="ed:index-anchor">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="rendered" as="element()*"/>
    <xsl:variable name="pointers" select="ed:register-pointers($el)"/>
    <xsl:for-each select="$rendered">
      <xsl:copy>
        <xsl:copy-of select="@*"/>
        <xsl:if test="exists($pointers) and position() = 1">
          <xsl:if test="not(@id)">
            <xsl:attribute name="id" select="ed:anchor-id($el)"/>
          </xsl:if>
          <xsl:attribute name="data-ptr" select="string-join($pointers, ' ')"/>
        </xsl:if>
        <xsl:copy-of select="node()"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>

  <!-- Names: a span (the index gives the page; a link inside a title or a name would nest). -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs">
    <xsl:variable name="pointers" select="ed:register-pointers(.)"/>
    <span class="{ed:classes(.)} entity">
      <xsl:if test="exists($pointers)">
        <xsl:attribute name="id" select="ed:anchor-id(.)"/>
        <xsl:attribute name="data-ptr" select="string-join($pointers, ' ')"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:title">
    <xsl:variable name="pointers" select="ed:register-pointers(.)"/>
    <cite class="{ed:classes(.)}">
      <xsl:if test="exists($pointers)">
        <xsl:attribute name="id" select="ed:anchor-id(.)"/>
        <xsl:attribute name="data-ptr" select="string-join($pointers, ' ')"/>
      </xsl:if>
      <xsl:apply-templates/>
    </cite>
  </xsl:template>

  <xsl:template match="tei:quote[@source] | tei:q[@source] | tei:said[@source] | tei:bibl[@corresp]">
    <xsl:call-template name="ed:index-anchor">
      <xsl:with-param name="el" select="."/>
      <xsl:with-param name="rendered" as="element()*"><xsl:next-match/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The website's link from a quotation to the work quoted: on paper the index does it. -->
  <xsl:template name="ed:source-link"/>

  <!-- Headings: their plain text for the outline (bookmarks) and the contents. -->
  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="rendered" as="element()*"><xsl:next-match/></xsl:variable>
    <xsl:variable name="label" select="if (. is ../tei:head[1]) then ed:plain(.) else ''"/>
    <xsl:for-each select="$rendered">
      <xsl:copy>
        <xsl:copy-of select="@*"/>
        <xsl:if test="$label">
          <xsl:attribute name="data-label" select="$label"/>
        </xsl:if>
        <xsl:copy-of select="node()"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>

  <!-- Paragraphs: as on the website, without a paragraph number of 0 (a block the website's
       numbering does not count, such as an ab). -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="rendered" as="element()*"><xsl:next-match/></xsl:variable>
    <xsl:for-each select="$rendered">
      <xsl:copy>
        <xsl:copy-of select="@*"/>
        <xsl:copy-of select="node() except (*[@class = 'para-num'][. = '0'],
          *[@class = 'para-num'][. = '0']/following-sibling::node()[1][self::text()][not(normalize-space())])"/>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>

  <!-- hi: its rendition as a class (rend-italic, rend-bold…), which the print CSS sets. -->
  <xsl:template match="tei:hi[@rend]">
    <span class="{ed:classes(.)} {tokenize(@rend) ! ('rend-' || .)}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A pointer to a file of the edition ("persons.xml", "../docs/…") is text on paper. -->
  <xsl:template match="tei:ref[@target][not(matches(@target, '^(https?:|mailto:|#)'))]">
    <span class="{ed:classes(.)}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:ref[@target][not(matches(@target, '^(https?:|mailto:|#)'))]" mode="ed:note-body">
    <span class="tei-ref"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
</xsl:stylesheet>
