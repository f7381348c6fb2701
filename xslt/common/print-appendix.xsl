<?xml version="1.0" encoding="UTF-8"?>
<!-- Print: the appendix "where the sources disagree", from tei/discrepancies.xml (format:
     docs/discrepancies-format.md). One block per event: the topic, a table of what each source
     claims (its normalised statement, its own words, and the page of the passage in this book),
     the sources that do not state the point, and the editors' note. A file in another shape is printed with the text
     behaviours, so that nothing is dropped. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="ed:print-appendix" on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>

  <xsl:template match="tei:TEI" mode="ed:print-appendix">
    <xsl:variable name="events" select="tei:standOff//tei:listEvent[@type = 'discrepancies']/tei:event"/>
    <div class="appendix-body">
      <xsl:for-each select="tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub']">
        <p class="appendix-intro"><xsl:apply-templates mode="ed:header-inline"/>.</p>
      </xsl:for-each>
      <xsl:choose>
        <xsl:when test="$events">
          <xsl:call-template name="ed:discrepancy-table">
            <xsl:with-param name="events" select="$events"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="(tei:text, tei:standOff)/node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- One block per point: its topic, a small table of the claims (a row per source that states
       the point, in the edition's order), the sources that do not state it, the editors' note. -->
  <xsl:template name="ed:discrepancy-table">
    <xsl:param name="events" as="element(tei:event)+"/>
    <xsl:variable name="order" select="array:flatten($sigla)" as="xs:string*"/>
    <xsl:for-each select="$events">
      <xsl:variable name="event" select="."/>
      <xsl:variable name="named" select="distinct-values(tei:note[@type = 'claim']/@n)"/>
      <section class="discrepancy subtype-{@subtype}" id="{@xml:id}">
        <h2 class="discrepancy-label" data-label="{position()}. {normalize-space(tei:label)}">
          <span class="discrepancy-number"><xsl:value-of select="position()"/>.</span>
          <xsl:text> </xsl:text>
          <xsl:apply-templates select="tei:label/node()"/>
          <xsl:if test="@subtype">
            <xsl:text> </xsl:text>
            <span class="discrepancy-kind">(<xsl:value-of select="@subtype"/>)</span>
          </xsl:if>
        </h2>
        <xsl:for-each select="tei:desc">
          <p class="discrepancy-desc"><xsl:apply-templates/></p>
        </xsl:for-each>
        <table class="claims">
          <tbody>
            <xsl:for-each select="$order[. = $named], $named[not(. = $order)]">
              <tr>
                <th class="siglum" scope="row"><xsl:value-of select="."/></th>
                <td>
                  <xsl:for-each select="$event/tei:note[@type = 'claim'][@n = current()]">
                    <xsl:if test="position() > 1">; </xsl:if>
                    <xsl:apply-templates select="." mode="ed:claim"/>
                  </xsl:for-each>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <xsl:variable name="silent" select="$order[not(. = $named)]"/>
        <xsl:if test="exists($silent)">
          <p class="discrepancy-silent">Not stated in <xsl:value-of select="string-join($silent, ', ')"/>.</p>
        </xsl:if>
        <xsl:for-each select="tei:note[@type = 'editorial']">
          <p class="discrepancy-note">
            <span class="discrepancy-note-label">Editors. </span>
            <xsl:apply-templates mode="ed:note-body"/>
          </p>
        </xsl:for-each>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- A claim: what the source says, normalised; its words; the page of the passage. -->
  <xsl:mode name="ed:claim" on-no-match="fail" on-multiple-match="fail"/>
  <xsl:template match="tei:note[@type = 'claim']" mode="ed:claim">
    <span class="claim">
      <xsl:for-each select="tei:seg[@type = 'normalised']">
        <span class="claim-statement"><xsl:apply-templates/></span>
      </xsl:for-each>
      <xsl:for-each select="tei:quote">
        <xsl:text> </xsl:text>
        <span class="claim-quote">“<xsl:apply-templates/>”</span>
      </xsl:for-each>
      <xsl:if test="contains(@target, '#')">
        <a class="passage-ref" href="#{substring-after(@target, '#')}"/>
      </xsl:if>
    </span>
  </xsl:template>
</xsl:stylesheet>
