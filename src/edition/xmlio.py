"""Safe XML parsing shared by every stage: no DTD loading, no entity expansion, no network."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def safe_parser(**extra) -> etree.XMLParser:
    # resolve_entities=False keeps an XXE attempt as an unexpanded entity reference; the
    # validator reports it. huge_tree stays off so a billion-laughs file fails fast.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        remove_comments=False,
        **extra,
    )


def parse(path: Path | str) -> etree._ElementTree:
    """Parse *path* safely; raises ``etree.XMLSyntaxError`` with line and column on bad XML."""
    return etree.parse(str(path), safe_parser())


def has_entity_declarations(tree: etree._ElementTree) -> bool:
    dtd = tree.docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())
