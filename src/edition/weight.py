"""Page weight: what a reader's browser downloads for each page of the site (the HTML and the
stylesheets, scripts and images it links to on the site), uncompressed and gzip-compressed."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median

import lxml.html


@dataclass(frozen=True)
class PageWeight:
    page: str  # path relative to the site root
    bytes: int
    gzip_bytes: int


@lru_cache(maxsize=256)
def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def measure(site: Path, pages: list[Path]) -> list[PageWeight]:
    _sizes.cache_clear()
    found = []
    for page in pages:
        files = {page}
        doc = lxml.html.parse(str(page)).getroot()
        for el in doc.xpath("//link[@rel='stylesheet'][@href] | //script[@src] | //img[@src]"):
            url = el.get("href") or el.get("src")
            if "://" in url or url.startswith("//"):
                continue
            target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
            if target.is_file():
                files.add(target)
        raw = sum(_sizes(f)[0] for f in files)
        packed = sum(_sizes(f)[1] for f in files)
        found.append(PageWeight(page.relative_to(site).as_posix(), raw, packed))
    return found


def summary(weights: list[PageWeight]) -> str:
    heaviest = max(weights, key=lambda w: w.bytes)
    kib = lambda n: f"{n / 1024:.0f} KiB"  # noqa: E731
    return (f"page weight (HTML + CSS + JS): median {kib(median(w.bytes for w in weights))}"
            f" ({kib(median(w.gzip_bytes for w in weights))} gzipped), heaviest {heaviest.page} "
            f"{kib(heaviest.bytes)} ({kib(heaviest.gzip_bytes)} gzipped)")
