<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters every output accepts; the build passes them (see src/edition/outputs/html.py). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  exclude-result-prefixes="#all">
  <!-- Relative path from the page being written to the site root ("" or "../"). -->
  <xsl:param name="root-prefix" as="xs:string" select="''"/>
  <!-- Siglum of the witness being rendered. -->
  <xsl:param name="siglum" as="xs:string" select="''"/>
  <!-- Version of the edition, printed in citations. -->
  <xsl:param name="edition-version" as="xs:string" select="''"/>
  <!-- Title of the edition, printed in citations. -->
  <xsl:param name="edition-title" as="xs:string" select="''"/>
</xsl:stylesheet>
