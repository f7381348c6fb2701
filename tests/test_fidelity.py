"""Fidelity: every source's TEI gives back its copy-text exactly, up to whitespace."""

import pytest

from edition import config, text

CFG = config.load()


@pytest.mark.parametrize("witness", CFG.witnesses, ids=lambda w: w.siglum)
def test_source_readings_reproduce_the_copy_text(witness):
    tei = CFG.tei_path / witness.file
    copy_text = CFG.root / CFG.sources_dir / witness.copy_text
    mismatch = text.check_fidelity(tei, copy_text)
    assert mismatch is None, mismatch.describe(tei, copy_text)


@pytest.mark.parametrize("witness", CFG.witnesses, ids=lambda w: w.siglum)
def test_copy_texts_are_the_sources_as_received(witness):
    """The copy-texts in sources/ are never edited: they match ../shared/sources when present."""
    shared = CFG.root.parent / "shared" / "sources" / witness.copy_text
    if not shared.exists():
        pytest.skip(f"{shared} is absent: cannot compare with the sources as received")
    assert (CFG.root / CFG.sources_dir / witness.copy_text).read_bytes() == shared.read_bytes()
