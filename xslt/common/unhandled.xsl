<?xml version="1.0" encoding="UTF-8"?>
<!-- An element no behaviour handles is rendered visibly, never dropped: its text stays in the
     page (the robustness corpus in shared/external-tei depends on this). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">
  <xsl:template match="*" priority="-10">
    <span class="tei-unhandled tei-{local-name()}" data-tei="{name()}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>
</xsl:stylesheet>
