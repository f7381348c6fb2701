<?xml version="1.0" encoding="UTF-8"?>
<!-- Comparison edition: the HTML body of
     - a synoptic view of one group of parallel passages, from build/tei/parallels.xml
       (parameter group-id): one column per member, one row per aligned stretch, variants marked
       by class, a witness picker, a "substantive only" switch, the apparatus beneath;
     - the table of disagreements, from tei/discrepancies.xml (docs/discrepancies-format.md).
     The page shell is jinja2's (templates/comparison/). -->
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
  <xsl:import href="common/text.xsl"/>
  <xsl:import href="common/apparatus.xsl"/>
  <xsl:import href="common/notes.xsl"/>

  <xsl:output method="xhtml" omit-xml-declaration="yes" indent="no"/>
  <xsl:mode on-no-match="fail" on-multiple-match="fail" use-accumulators="#all"/>
  <xsl:mode name="ed:cell" on-no-match="fail" on-multiple-match="fail"/>

  <!-- The group to render (xml:id of a div[@type='parallel'] of parallels.xml). -->
  <xsl:param name="group-id" as="xs:string" select="''"/>
  <!-- JSON object: siglum → short title of the witness. -->
  <xsl:param name="witnesses-json" as="xs:string" select="'{}'"/>
  <!-- The sigla in edition order, space-separated (the columns of the table of disagreements). -->
  <xsl:param name="sigla" as="xs:string" select="''"/>

  <xsl:variable name="ed:titles" as="map(*)" select="parse-json($witnesses-json)"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="tei:TEI/tei:standOff/tei:listEvent">
        <xsl:apply-templates select="tei:TEI/tei:standOff/tei:listEvent" mode="ed:disagreements"/>
      </xsl:when>
      <xsl:when test="$group-id">
        <xsl:variable name="group" select="id($group-id)"/>
        <xsl:if test="empty($group)">
          <xsl:message terminate="yes" error-code="ed:no-group">No group <xsl:value-of select="$group-id"/> in parallels.xml.</xsl:message>
        </xsl:if>
        <xsl:apply-templates select="$group" mode="ed:synopsis"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes" error-code="ed:no-input">comparison.xsl: expected parallels.xml with $group-id, or a listEvent of discrepancies.</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ======================================================================= synoptic view -->

  <!-- "../../tei/lev-sedov.xml#ls-p32" → "../sources/lev-sedov.html#ls-p32" -->
  <xsl:function name="ed:reading-href" as="xs:string">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:variable name="file" select="tokenize(ed:file($pointer), '/')[last()]"/>
    <xsl:sequence select="$root-prefix || 'sources/' || replace($file, '\.xml$', '.html') || '#' || ed:fragment($pointer)"/>
  </xsl:function>

  <!-- A member's label: its siglum, and its first block's id when the source is a member twice. -->
  <xsl:function name="ed:member-label" as="xs:string">
    <xsl:param name="ptr" as="element(tei:ptr)"/>
    <xsl:sequence select="if (count($ptr/../tei:ptr[@n = $ptr/@n]) gt 1)
                          then $ptr/@n || ' (' || ed:fragment(tokenize($ptr/@target)[1]) || ')'
                          else string($ptr/@n)"/>
  </xsl:function>

  <xsl:function name="ed:kind-description" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="
      if ($kind = 'verbatim') then 'Verbatim reuse: the members agree word for word (differences of punctuation or spelling at most).'
      else if ($kind = 'variant') then 'Reuse with variants: the same text, with words added, left out or changed.'
      else 'Loose parallel: the same passage in another translation or wording, aligned sentence by sentence.'"/>
  </xsl:function>

  <xsl:template match="tei:div[@type = 'parallel']" mode="ed:synopsis">
    <xsl:variable name="members" select="tei:linkGrp[@type = 'members']/tei:ptr"/>
    <xsl:variable name="apps" select=".//tei:app"/>
    <article class="synopsis-page" data-group="{@xml:id}" data-kind="{@subtype}">
      <p class="breadcrumb"><a href="index.html">Shared passages</a> › <xsl:value-of select="@xml:id"/></p>
      <h1>Synoptic view: <span class="group-id"><xsl:value-of select="@xml:id"/></span></h1>
      <p class="group-kind kind-{@subtype}">
        <xsl:value-of select="ed:kind-description(@subtype)"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="count($members) || ' members, ' || count(tei:ab) || ' rows, '
                              || count($apps) || ' variant(s), of which '
                              || count($apps[@type = 'substantive']) || ' substantive.'"/>
      </p>
      <form class="synopsis-tools" aria-label="Display options" onsubmit="return false">
        <fieldset class="witness-picker">
          <legend>Witnesses shown</legend>
          <xsl:for-each select="$members">
            <label>
              <input type="checkbox" id="pick-{position()}" name="witness" value="{position()}" checked=""/>
              <xsl:text> </xsl:text>
              <span class="siglum"><xsl:value-of select="ed:member-label(.)"/></span>
            </label>
          </xsl:for-each>
        </fieldset>
        <fieldset class="variant-switch">
          <legend>Variants</legend>
          <label><input type="checkbox" id="substantive-only" name="substantive-only"/> Substantive only</label>
          <span class="legend">
            <span class="var var-substantive">substantive</span>
            <xsl:text> </xsl:text>
            <span class="var var-orthographic">spelling</span>
            <xsl:text> </xsl:text>
            <span class="var var-punctuation">punctuation</span>
          </span>
        </fieldset>
      </form>
      <div class="synopsis-scroll">
        <table class="synopsis" data-members="{count($members)}">
          <caption class="visually-hidden">The members of <xsl:value-of select="@xml:id"/>, aligned row by row</caption>
          <thead>
            <tr>
              <th scope="col" class="row-number">Row</th>
              <xsl:for-each select="$members">
                <th scope="col" class="col-{position()}" data-siglum="{@n}">
                  <span class="siglum-badge"><xsl:value-of select="ed:member-label(.)"/></span>
                  <xsl:text> </xsl:text>
                  <span class="witness-title"><xsl:value-of select="($ed:titles(string(@n)), '')[1]"/></span>
                  <span class="member-links">
                    <xsl:for-each select="tokenize(@target)">
                      <xsl:text> </xsl:text>
                      <a href="{ed:reading-href(.)}" title="Read in context">§ <xsl:value-of select="ed:fragment(.)"/></a>
                    </xsl:for-each>
                  </span>
                  <xsl:if test="position() = 1"><span class="base-note"> (base of the alignment)</span></xsl:if>
                </th>
              </xsl:for-each>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="tei:ab[@type = 'collation']">
              <xsl:variable name="ab" select="."/>
              <tr id="row-{@n}">
                <th scope="row" class="row-number"><xsl:value-of select="@n"/></th>
                <xsl:for-each select="$members">
                  <td class="col-{position()}" lang="en">
                    <xsl:apply-templates select="$ab/node()" mode="ed:cell">
                      <xsl:with-param name="member" select="'#' || @xml:id" tunnel="yes"/>
                    </xsl:apply-templates>
                  </td>
                </xsl:for-each>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
      <section class="apparatus" aria-labelledby="apparatus-heading">
        <h2 id="apparatus-heading">Apparatus</h2>
        <xsl:choose>
          <xsl:when test="empty($apps)"><p>The members agree word for word and sign for sign.</p></xsl:when>
          <xsl:otherwise>
            <ol>
              <xsl:for-each select="$apps">
                <li id="app-{position()}" class="app app-{@type}" data-class="{@type}" data-type="{@subtype}">
                  <a class="app-row" href="#row-{ancestor::tei:ab/@n}">row <xsl:value-of select="ancestor::tei:ab/@n"/></a>
                  <xsl:text> </xsl:text>
                  <xsl:for-each select="tei:rdg">
                    <xsl:if test="position() gt 1"><xsl:text> | </xsl:text></xsl:if>
                    <span class="rdg">
                      <xsl:choose>
                        <xsl:when test="normalize-space(.)"><xsl:value-of select="."/></xsl:when>
                        <xsl:otherwise><em class="omitted">(nothing)</em></xsl:otherwise>
                      </xsl:choose>
                    </span>
                    <xsl:text> </xsl:text>
                    <span class="wit">
                      <xsl:value-of select="string-join(
                        for $m in tokenize(@corresp) return ed:member-label($members[@xml:id = substring($m, 2)]), ' ')"/>
                    </span>
                  </xsl:for-each>
                  <xsl:text> </xsl:text>
                  <span class="app-class">(<xsl:value-of select="@type || ', ' || @subtype"/>)</span>
                </li>
              </xsl:for-each>
            </ol>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </article>
  </xsl:template>

  <xsl:template match="text()" mode="ed:cell">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="tei:app" mode="ed:cell">
    <xsl:param name="member" as="xs:string" tunnel="yes"/>
    <xsl:variable name="rdg" select="tei:rdg[tokenize(@corresp) = $member]"/>
    <xsl:variable name="n" as="xs:integer">
      <xsl:number count="tei:app" level="any" from="tei:div[@type = 'parallel']"/>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="normalize-space($rdg)">
        <a class="var var-{@type} vtype-{@subtype}" href="#app-{$n}" data-app="{$n}"
           title="{@type}, {@subtype}"><xsl:value-of select="$rdg"/></a>
      </xsl:when>
      <xsl:otherwise>
        <a class="var var-{@type} vtype-{@subtype} gap" href="#app-{$n}" data-app="{$n}"
           title="{@type}, {@subtype}: not in this witness" aria-label="not in this witness">–</a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ======================================================================= disagreements -->

  <xsl:template match="tei:listEvent" mode="ed:disagreements">
    <xsl:variable name="columns" select="tokenize($sigla)"/>
    <div class="disagreements-scroll">
      <table class="disagreements">
        <caption class="visually-hidden">Points where the sources disagree, with each source's claim and the editors' note</caption>
        <thead>
          <tr>
            <th scope="col">Point</th>
            <xsl:for-each select="$columns">
              <th scope="col" data-siglum="{.}"><abbr class="siglum" title="{($ed:titles(.), '')[1]}"><xsl:value-of select="."/></abbr></th>
            </xsl:for-each>
            <th scope="col">What the record says</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="tei:event">
            <xsl:variable name="event" select="."/>
            <tr id="{@xml:id}" class="subtype-{@subtype}">
              <th scope="row">
                <xsl:apply-templates select="tei:label/node()"/>
                <xsl:if test="@subtype"><span class="disc-subtype"> (<xsl:value-of select="@subtype"/>)</span></xsl:if>
                <xsl:for-each select="tei:desc">
                  <span class="disc-desc"><xsl:apply-templates/></span>
                </xsl:for-each>
              </th>
              <xsl:for-each select="$columns">
                <xsl:variable name="claims" select="$event/tei:note[@type = 'claim'][@n = current()]"/>
                <td data-siglum="{.}" class="{if ($claims) then 'claim-cell' else 'silent'}">
                  <xsl:choose>
                    <xsl:when test="empty($claims)"><span class="no-claim" title="This source does not state this point">—</span></xsl:when>
                    <xsl:otherwise><xsl:apply-templates select="$claims" mode="ed:claim"/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </xsl:for-each>
              <td class="editorial">
                <xsl:for-each select="tei:note[@type = 'editorial']">
                  <xsl:apply-templates mode="ed:note-body"/>
                </xsl:for-each>
                <xsl:for-each select="tei:listBibl/tei:bibl">
                  <span class="disc-bibl"><xsl:text> </xsl:text><xsl:apply-templates/></span>
                </xsl:for-each>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'claim']" mode="ed:claim">
    <div class="claim">
      <strong class="claim-normalised"><xsl:apply-templates select="tei:seg[@type = 'normalised']/node()"/></strong>
      <xsl:for-each select="tei:quote">
        <q class="claim-quote"><xsl:apply-templates/></q>
      </xsl:for-each>
      <xsl:for-each select="tokenize(@target)">
        <xsl:text> </xsl:text>
        <a class="claim-source" href="{ed:reading-href(.)}" title="Read the passage in context">§ <xsl:value-of select="ed:fragment(.)"/></a>
      </xsl:for-each>
    </div>
  </xsl:template>
</xsl:stylesheet>
