<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes ("note" behaviour). Editorial notes: a numbered button opening a popover in place,
     and the same note in the numbered list at the end. The source's own notes (Broué's
     translator) stay where the source prints them. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:accumulator name="ed:note-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:text//tei:note[@type = 'editorial']" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="ed:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($note/@xml:id, 'note-' || generate-id($note))[1]"/>
  </xsl:function>

  <xsl:template match="tei:note[@type = 'editorial']">
    <xsl:variable name="n" select="accumulator-before('ed:note-number')"/>
    <xsl:variable name="id" select="ed:note-id(.)"/>
    <button type="button" class="note-ref" id="{$id}-ref" popovertarget="{$id}-pop"
            aria-label="Editorial note {$n}" data-note="{$id}"><xsl:value-of select="$n"/></button>
    <span class="note-popover" popover="" id="{$id}-pop" role="note">
      <span class="note-number"><xsl:value-of select="$n"/>.</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates mode="ed:note-body"/>
      <xsl:text> </xsl:text>
      <a class="note-permalink" href="#{$id}">(in the list of notes)</a>
    </span>
  </xsl:template>

  <!-- The numbered list of editorial notes, for the end of a reading page. -->
  <xsl:template name="ed:endnotes">
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:if test="$notes">
      <section class="endnotes" aria-labelledby="endnotes-heading">
        <h2 id="endnotes-heading">Editorial notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <li id="{ed:note-id(.)}" class="{ed:classes(.)}">
              <xsl:apply-templates mode="ed:note-body"/>
              <xsl:text> </xsl:text>
              <a class="note-back" href="#{ed:note-id(.)}-ref" aria-label="Back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Inside a note, block elements become inline spans so the note fits a popover. -->
  <xsl:mode name="ed:note-body" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:template match="text()" mode="ed:note-body"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="tei:p" mode="ed:note-body">
    <span class="tei-p"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
  <xsl:template match="tei:ref[@target]" mode="ed:note-body">
    <a class="tei-ref" href="{ed:site-href(@target, $root-prefix)}"><xsl:apply-templates mode="#current"/></a>
  </xsl:template>
  <xsl:template match="*" mode="ed:note-body" priority="-1">
    <xsl:apply-templates select="." mode="#default"/>
  </xsl:template>

  <!-- The source's own notes, printed where the source prints them. -->
  <xsl:template match="tei:note[not(@type = 'editorial')]">
    <aside class="{ed:classes(.)}" role="note">
      <xsl:apply-templates select="@xml:id"/>
      <xsl:apply-templates/>
      <xsl:for-each select="tokenize(@target)">
        <xsl:text> </xsl:text>
        <a class="note-back" href="{.}" aria-label="Back to the asterisk">↩</a>
      </xsl:for-each>
    </aside>
  </xsl:template>
</xsl:stylesheet>
