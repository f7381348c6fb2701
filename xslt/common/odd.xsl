<?xml version="1.0" encoding="UTF-8"?>
<!-- The ODD as a reader sees it: its prose (with examples, element and attribute names, links to
     the rules) and the reference of its specifications (mode ed:spec: elementSpec with
     attributes and value lists, constraintSpec with its message). Used by guidelines.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:teix="http://www.tei-c.org/ns/Examples"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron"
  xmlns:ed="urn:sedov-edition:xslt"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="ed:spec" on-no-match="fail" on-multiple-match="fail"/>
  <xsl:mode name="ed:toc" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:variable name="element-specs" as="element(tei:elementSpec)*" select="//tei:elementSpec"/>
  <xsl:variable name="constraint-specs" as="element(tei:constraintSpec)*" select="//tei:constraintSpec"/>

  <!-- Deterministic ids for prose divisions without @xml:id: their position ("sec-2-1"). -->
  <xsl:function name="ed:div-id" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="($div/@xml:id, 'sec-' || string-join($div/ancestor-or-self::tei:div ! string(count(preceding-sibling::tei:div) + 1), '-'))[1]"/>
  </xsl:function>

  <xsl:template match="tei:div" mode="ed:toc">
    <li>
      <a href="#{ed:div-id(.)}"><xsl:value-of select="normalize-space(string-join(tei:head[1]//text()[not(ancestor::tei:note)], ''))"/></a>
      <xsl:if test="tei:div[tei:head]">
        <ol><xsl:apply-templates select="tei:div[tei:head]" mode="#current"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- prose -->
  <xsl:template match="tei:div">
    <section class="{ed:classes(.)}" id="{ed:div-id(.)}">
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="tei:schemaSpec | tei:specGrp | tei:specGrpRef | tei:moduleRef"/>
  <xsl:template match="tei:elementSpec | tei:classSpec | tei:macroSpec | tei:dataSpec | tei:constraintSpec"/>

  <xsl:template match="teix:egXML">
    <pre class="tei-egXML"><code><xsl:value-of select="ed:example(.)"/></code></pre>
  </xsl:template>

  <!-- An example as an encoder would type it: the serialised children, without the examples
       namespace declarations and with the common indentation removed. -->
  <xsl:function name="ed:example" as="xs:string">
    <xsl:param name="eg" as="element()"/>
    <xsl:variable name="raw" select="string-join($eg/node() ! serialize(., map {'method': 'xml', 'omit-xml-declaration': true()}), '')"/>
    <xsl:variable name="clean" select="replace($raw, '\s+xmlns(:\w+)?=&quot;[^&quot;]*&quot;', '')"/>
    <xsl:variable name="lines" select="tokenize(replace($clean, '^\s*\n|\s+$', ''), '\n')"/>
    <xsl:variable name="indents" as="xs:integer*" select="$lines[normalize-space()] ! (string-length(.) - string-length(replace(., '^\s+', '')))"/>
    <xsl:variable name="indent" as="xs:integer" select="(min($indents), 0)[1]"/>
    <xsl:sequence select="string-join($lines ! (if (string-length(.) ge $indent) then substring(., $indent + 1) else .), '&#10;')"/>
  </xsl:function>

  <xsl:template match="tei:gi">
    <code class="tei-gi"><a href="#el-{.}" class="spec-link">&lt;<xsl:value-of select="."/>&gt;</a></code>
  </xsl:template>
  <xsl:template match="tei:gi[not(. = $element-specs/@ident)]" priority="1">
    <code class="tei-gi">&lt;<xsl:value-of select="."/>&gt;</code>
  </xsl:template>
  <xsl:template match="tei:att">
    <code class="tei-att">@<xsl:value-of select="."/></code>
  </xsl:template>
  <xsl:template match="tei:ident[. = $constraint-specs/@ident]">
    <a class="tei-ident" href="#rule-{.}"><code><xsl:value-of select="."/></code></a>
  </xsl:template>
  <xsl:template match="tei:val | tei:code | tei:tag | tei:ident">
    <code class="tei-{local-name()}"><xsl:value-of select="."/></code>
  </xsl:template>
  <xsl:template match="tei:specList">
    <ul class="tei-specList"><xsl:apply-templates/></ul>
  </xsl:template>
  <xsl:template match="tei:specDesc">
    <xsl:variable name="spec" select="($element-specs, $constraint-specs)[@ident = current()/@key][1]"/>
    <li>
      <a href="#{if ($spec/self::tei:constraintSpec) then 'rule-' else 'el-'}{@key}"><code><xsl:value-of select="@key"/></code></a>
      <xsl:if test="$spec/tei:desc">
        <xsl:text>: </xsl:text>
        <xsl:apply-templates select="$spec/tei:desc[1]/node()"/>
      </xsl:if>
    </li>
  </xsl:template>
  <xsl:template match="tei:mentioned | tei:soCalled | tei:term">
    <em class="{ed:classes(.)}"><xsl:apply-templates/></em>
  </xsl:template>
  <xsl:template match="tei:table">
    <table class="tei-table"><xsl:apply-templates/></table>
  </xsl:template>
  <xsl:template match="tei:row">
    <tr><xsl:apply-templates/></tr>
  </xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{if (../@role = 'label' or @role = 'label') then 'th' else 'td'}"><xsl:apply-templates/></xsl:element>
  </xsl:template>
  <xsl:template match="tei:list[@type = ('ordered', 'numbered')]" priority="1">
    <ol class="{ed:classes(.)}"><xsl:apply-templates/></ol>
  </xsl:template>
  <xsl:template match="tei:list[@type = 'gloss']" priority="1">
    <dl class="{ed:classes(.)}">
      <xsl:for-each select="tei:label">
        <dt><xsl:apply-templates/></dt>
        <dd><xsl:apply-templates select="following-sibling::tei:item[1]/node()"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- reference -->
  <xsl:template match="tei:elementSpec" mode="ed:spec">
    <article class="spec spec-element" id="el-{@ident}">
      <h3><code>&lt;<xsl:value-of select="@ident"/>&gt;</code>
        <xsl:if test="tei:gloss"><xsl:text> </xsl:text><span class="gloss">(<xsl:value-of select="normalize-space(tei:gloss[1])"/>)</span></xsl:if>
        <xsl:text> </xsl:text><span class="spec-mode"><xsl:value-of select="ed:mode-label(@mode)"/></span>
      </h3>
      <xsl:for-each select="tei:desc">
        <p class="desc"><xsl:apply-templates/></p>
      </xsl:for-each>
      <xsl:for-each select="tei:content">
        <p class="content-model"><span class="label">Content: </span><code><xsl:value-of select="ed:content-summary(.)"/></code></p>
      </xsl:for-each>
      <xsl:if test="tei:attList/tei:attDef">
        <dl class="attributes">
          <xsl:apply-templates select="tei:attList/tei:attDef" mode="ed:spec"/>
        </dl>
      </xsl:if>
      <xsl:if test="tei:constraintSpec">
        <p class="rules-here"><span class="label">Rules: </span>
          <xsl:for-each select="tei:constraintSpec">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="#rule-{@ident}"><code><xsl:value-of select="@ident"/></code></a>
          </xsl:for-each>
        </p>
      </xsl:if>
    </article>
  </xsl:template>

  <xsl:template match="tei:attDef" mode="ed:spec">
    <dt><code>@<xsl:value-of select="@ident"/></code>
      <xsl:if test="@usage = 'req'"><xsl:text> </xsl:text><span class="usage">(required)</span></xsl:if>
      <xsl:if test="@mode = 'delete'"><xsl:text> </xsl:text><span class="usage">(not allowed)</span></xsl:if>
    </dt>
    <dd>
      <xsl:for-each select="tei:desc | tei:gloss">
        <p><xsl:apply-templates/></p>
      </xsl:for-each>
      <xsl:for-each select="tei:valList[tei:valItem]">
        <p class="vallist-type"><xsl:value-of select="if (@type = 'closed') then 'One of:' else 'For example:'"/></p>
        <ul class="vallist">
          <xsl:for-each select="tei:valItem">
            <li><code><xsl:value-of select="@ident"/></code>
              <xsl:for-each select="(tei:desc, tei:gloss)[1]">
                <xsl:text>: </xsl:text><xsl:apply-templates/>
              </xsl:for-each>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:for-each>
    </dd>
  </xsl:template>

  <xsl:template match="tei:constraintSpec" mode="ed:spec">
    <dt id="rule-{@ident}"><code><xsl:value-of select="@ident"/></code>
      <xsl:for-each select="ancestor::tei:elementSpec[1]">
        <xsl:text> on </xsl:text><a href="#el-{@ident}"><code>&lt;<xsl:value-of select="@ident"/>&gt;</code></a>
      </xsl:for-each>
    </dt>
    <dd>
      <xsl:for-each select="tei:desc">
        <p><xsl:apply-templates/></p>
      </xsl:for-each>
      <xsl:for-each select=".//sch:assert | .//sch:report">
        <p class="rule-message"><span class="label">Message: </span><xsl:value-of select="normalize-space(string-join(.//text(), ''))"/></p>
      </xsl:for-each>
    </dd>
  </xsl:template>

  <xsl:function name="ed:mode-label" as="xs:string">
    <xsl:param name="mode" as="attribute()?"/>
    <xsl:sequence select="(map {'add': 'new in this edition', 'change': 'changed', 'replace': 'redefined',
      'delete': 'removed'}(string($mode)), 'changed')[1]"/>
  </xsl:function>

  <!-- A one-line reading of a content model: the element and macro names it allows. -->
  <xsl:function name="ed:content-summary" as="xs:string">
    <xsl:param name="content" as="element(tei:content)"/>
    <xsl:variable name="names" select="distinct-values($content//(tei:elementRef/@key, tei:classRef/@key, tei:macroRef/@key, tei:dataRef/@key, tei:dataRef/@name, *[local-name() = 'ref']/@name, *[local-name() = 'element']/@name))"/>
    <xsl:sequence select="if ($content/tei:empty or not($content/*)) then 'empty'
      else if (exists($names)) then string-join($names, ', ') else normalize-space($content)"/>
  </xsl:function>
</xsl:stylesheet>
