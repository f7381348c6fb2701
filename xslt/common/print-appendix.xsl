<?xml version="1.0" encoding="UTF-8"?>
<!-- Print: the appendix "where the sources disagree", from tei/discrepancies.xml (format:
     docs/discrepancies-format.md). One row per event: the topic, then one column per source in
     the edition's order with what the source claims (its normalised statement, its own words,
     and the page of the passage in this book; a dash where it does not state the point), then
     the editors' note across the row. A file in another shape is printed with the text
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

  <xsl:template name="ed:discrepancy-table">
    <xsl:param name="events" as="element(tei:event)+"/>
    <xsl:variable name="order" select="array:flatten($sigla)" as="xs:string*"/>
    <xsl:variable name="named" select="distinct-values($events/tei:note[@type = 'claim']/@n)"/>
    <xsl:variable name="columns" select="($order[. = $named], $named[not(. = $order)])"/>
    <table class="discrepancies">
      <colgroup>
        <col class="topic"/>
        <xsl:for-each select="$columns"><col class="claims"/></xsl:for-each>
      </colgroup>
      <thead>
        <tr>
          <th class="topic">Point</th>
          <xsl:for-each select="$columns"><th class="siglum"><xsl:value-of select="."/></th></xsl:for-each>
        </tr>
      </thead>
      <xsl:for-each select="$events">
        <xsl:variable name="event" select="."/>
        <tbody class="discrepancy subtype-{@subtype}" id="{@xml:id}">
          <tr>
            <th class="topic" scope="row">
              <span class="discrepancy-label"><xsl:apply-templates select="tei:label/node()"/></span>
              <xsl:for-each select="tei:desc">
                <span class="discrepancy-desc"><xsl:apply-templates/></span>
              </xsl:for-each>
            </th>
            <xsl:for-each select="$columns">
              <xsl:variable name="claims" select="$event/tei:note[@type = 'claim'][@n = current()]"/>
              <td>
                <xsl:if test="empty($claims)"><span class="no-claim">–</span></xsl:if>
                <xsl:apply-templates select="$claims" mode="ed:claim"/>
              </td>
            </xsl:for-each>
          </tr>
          <xsl:for-each select="tei:note[@type = 'editorial']">
            <tr class="discrepancy-note">
              <td colspan="{count($columns) + 1}">
                <span class="discrepancy-note-label">Editors: </span>
                <xsl:apply-templates mode="ed:note-body"/>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </xsl:for-each>
    </table>
  </xsl:template>

  <!-- A claim: what the source says, normalised; its words; the page of the passage. -->
  <xsl:mode name="ed:claim" on-no-match="fail" on-multiple-match="fail"/>
  <xsl:template match="tei:note[@type = 'claim']" mode="ed:claim">
    <span class="claim">
      <xsl:for-each select="tei:seg[@type = 'normalised']">
        <span class="claim-statement"><xsl:apply-templates/></span>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:for-each select="tei:quote">
        <span class="claim-quote">“<xsl:apply-templates/>”</span>
        <xsl:text> </xsl:text>
      </xsl:for-each>
      <xsl:if test="contains(@target, '#')">
        <a class="passage-ref" href="#{substring-after(@target, '#')}"/>
      </xsl:if>
    </span>
  </xsl:template>
</xsl:stylesheet>
