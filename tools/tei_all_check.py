"""Developer aid while encoding: validate TEI files against the official tei_all.rng.

Usage: python tools/tei_all_check.py FILE...   (compiling tei_all takes about 20 s)
The test suite and `edition validate` do the same check; this is the quick loop for encoders.
"""
import sys
from pathlib import Path

from lxml import etree

RNG = Path(__file__).resolve().parents[2] / "shared" / "tei" / "tei_all.rng"
schema = etree.RelaxNG(etree.parse(str(RNG)))
status = 0
for name in sys.argv[1:]:
    doc = etree.parse(name, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(doc):
        print(f"{name}: valid against tei_all")
    else:
        status = 1
        for e in schema.error_log:
            print(f"{name}:{e.line}:{e.column}: {e.message}")
sys.exit(status)
