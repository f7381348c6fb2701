<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the print output (besides common/params.xsl); src/edition/outputs/pdf.py
     passes them. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  exclude-result-prefixes="#all">
  <!-- What the input document is: "source", "register" or "appendix". -->
  <xsl:param name="part" as="xs:string" select="'source'"/>
  <!-- Short title of the source, for the running heads and the contents. -->
  <xsl:param name="short-title" as="xs:string" select="''"/>
  <!-- File name of the source (its key: "serge-1938"), used in element ids. -->
  <xsl:param name="source-key" as="xs:string" select="''"/>
  <!-- With part="register": the register's file name ("persons.xml"). -->
  <xsl:param name="register-file" as="xs:string" select="''"/>
  <!-- With part="register": JSON {"persons.xml#sedov-lev": [{"label": "12–14", "href":
       "#o-S-d1e5"}…]}; only the entries named here are printed (the others are not mentioned in
       the document). -->
  <xsl:param name="page-refs-json" as="xs:string" select="'{}'"/>
  <!-- With part="appendix": the sigla of the printed sources, in print order (the columns of
       the table of discrepancies). -->
  <xsl:param name="sigla" as="array(xs:string)" select="[]"/>
</xsl:stylesheet>
