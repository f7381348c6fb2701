<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI → HTML behaviours for the text itself (TEI Publisher's vocabulary: block, inline,
     heading, link, list, figure). Used by the reading, comparison and print outputs.
     TEI provenance stays visible in the HTML: class="tei-persName", data-ref, as CETEIcean does. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- Paragraph numbers of the reading text, in document order (front and body and back). -->
  <xsl:accumulator name="ed:paragraph-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:p[@xml:id][not(ancestor::tei:note)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:template match="text()">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="comment() | processing-instruction()"/>

  <!-- The classes that carry a TEI element's identity into HTML. -->
  <xsl:function name="ed:classes" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="string-join(('tei-' || local-name($el),
      $el/@type ! ('type-' || .), $el/@subtype ! ('subtype-' || .)), ' ')"/>
  </xsl:function>

  <!-- block -->
  <xsl:template match="tei:div">
    <section class="{ed:classes(.)}">
      <xsl:apply-templates select="@xml:id"/>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="level" select="min((count(ancestor::tei:div) + 1, 6))"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class" select="ed:classes(.)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <p class="{ed:classes(.)}">
      <xsl:apply-templates select="@xml:id"/>
      <xsl:if test="@xml:id and not(ancestor::tei:note)">
        <a class="para-num" href="#{@xml:id}" title="Paragraph {accumulator-before('ed:paragraph-number')}: link to it, cite it">
          <xsl:value-of select="accumulator-before('ed:paragraph-number')"/>
        </a>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:apply-templates/>
      <xsl:apply-templates select="@xml:id" mode="ed:parallels"/>
    </p>
  </xsl:template>

  <!-- Hook for common/parallels.xsl (shared passages); writes nothing where it is not imported. -->
  <xsl:mode name="ed:parallels" on-no-match="deep-skip" on-multiple-match="fail"/>

  <xsl:template match="@xml:id">
    <xsl:attribute name="id" select="."/>
  </xsl:template>

  <xsl:template match="tei:quote[tei:p] | tei:quote[@type = 'block'][not(ancestor::tei:p)]">
    <blockquote class="{ed:classes(.)}">
      <xsl:call-template name="ed:source-attributes"/>
      <xsl:apply-templates/>
      <xsl:call-template name="ed:source-link"/>
    </blockquote>
  </xsl:template>

  <xsl:template match="tei:figure">
    <figure class="{ed:classes(.)}">
      <xsl:apply-templates select="@xml:id"/>
      <xsl:if test="tei:label">
        <span class="tei-label"><xsl:apply-templates select="tei:label/node()"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <figcaption>
        <xsl:apply-templates select="node() except tei:label"/>
      </figcaption>
    </figure>
  </xsl:template>
  <xsl:template match="tei:figure/tei:head | tei:figure/tei:figDesc">
    <span class="{ed:classes(.)}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:list">
    <ul class="{ed:classes(.)}"><xsl:apply-templates/></ul>
  </xsl:template>
  <xsl:template match="tei:item">
    <li class="{ed:classes(.)}"><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div class="{ed:classes(.)}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l">
    <span class="{ed:classes(.)}"><xsl:apply-templates/></span><br/>
  </xsl:template>

  <xsl:template match="tei:front | tei:back | tei:body">
    <div class="{ed:classes(.)}"><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:titlePage | tei:docTitle | tei:closer | tei:opener">
    <div class="{ed:classes(.)}"><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:docTitle/tei:titlePart | tei:front/tei:titlePart">
    <p class="{ed:classes(.)}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:docAuthor | tei:byline | tei:docDate | tei:docImprint | tei:signed | tei:dateline | tei:salute">
    <p class="{ed:classes(.)}"><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:head">
    <p class="{ed:classes(.)}"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- inline -->
  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs">
    <xsl:choose>
      <xsl:when test="@ref">
        <a class="{ed:classes(.)} entity" data-ref="{@ref}" href="{ed:register-href(@ref, $root-prefix)}">
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{ed:classes(.)} entity"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:date">
    <time class="{ed:classes(.)}">
      <xsl:if test="@when | @from">
        <xsl:attribute name="datetime" select="(@when, @from)[1]"/>
      </xsl:if>
      <xsl:variable name="normal" as="xs:string*" select="
        if (@when) then ed:format-date(@when)
        else if (@from or @to) then string-join((ed:format-date(@from), ed:format-date(@to)), ' – ')
        else ()"/>
      <xsl:attribute name="title" select="string-join(($normal,
        if (@evidence = 'internal') then '(inferred from context)' else ()), ' ')"/>
      <xsl:apply-templates/>
    </time>
  </xsl:template>

  <xsl:template match="tei:title">
    <cite class="{ed:classes(.)}">
      <xsl:choose>
        <xsl:when test="@ref">
          <a href="{ed:register-href(@ref, $root-prefix)}" data-ref="{@ref}"><xsl:apply-templates/></a>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </cite>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q | tei:said">
    <q class="{ed:classes(.)}">
      <xsl:call-template name="ed:source-attributes"/>
      <xsl:apply-templates/>
      <xsl:call-template name="ed:source-link"/>
    </q>
  </xsl:template>

  <!-- Quotations link to the work they quote. -->
  <xsl:template name="ed:source-attributes">
    <xsl:apply-templates select="@xml:id"/>
    <xsl:if test="@source">
      <xsl:attribute name="data-source" select="@source"/>
      <xsl:attribute name="cite" select="ed:register-href(@source, $root-prefix)"/>
      <xsl:attribute name="title" select="'Quotation from ' || ed:label(ed:entry(@source, .))"/>
    </xsl:if>
  </xsl:template>

  <!-- A small link at the end of a quotation to the work quoted (its mark is drawn by CSS, so
       it is not copied with the text). -->
  <xsl:template name="ed:source-link">
    <xsl:if test="@source">
      <xsl:variable name="label" select="ed:label(ed:entry(@source, .))"/>
      <a class="quote-src" href="{ed:register-href(@source, $root-prefix)}"
         aria-label="Quoted from {if ($label) then $label else ed:fragment(@source)}"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:bibl">
    <span class="{ed:classes(.)}">
      <xsl:if test="@corresp"><xsl:attribute name="data-corresp" select="@corresp"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:author | tei:editor | tei:label | tei:seg | tei:hi | tei:foreign | tei:term | tei:emph | tei:biblScope | tei:pubPlace | tei:publisher | tei:num | tei:measure | tei:roleName | tei:forename | tei:surname | tei:addName">
    <span class="{ed:classes(.)}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:lb"><br/></xsl:template>
  <xsl:template match="tei:pb">
    <span class="tei-pb" data-n="{@n}"/>
  </xsl:template>
  <xsl:template match="tei:anchor">
    <span class="tei-anchor" id="{@xml:id}"/>
  </xsl:template>

  <xsl:template match="tei:ref">
    <xsl:choose>
      <xsl:when test="@type = 'note-anchor'">
        <a class="{ed:classes(.)}" href="{@target}">
          <xsl:apply-templates select="@xml:id"/>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:when test="@target">
        <a class="{ed:classes(.)}" href="{ed:site-href(@target, $root-prefix)}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><span class="{ed:classes(.)}"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:ptr">
    <a class="tei-ptr" href="{@target}"><xsl:value-of select="@target"/></a>
  </xsl:template>
</xsl:stylesheet>
