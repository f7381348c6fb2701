"""Shared-passage detection, token alignment and variant classification (edition.collate)."""

import pytest

from edition import collate
from edition.collate import Unit, align, classify

SERGE = ("Leon Lvovich Sedov died on 16th February at eleven o’clock in the morning in a Paris "
         "hospital, as a result of two operations made necessary by a sudden attack of appendicitis.")
RED_BOOK_1 = ("In the most diverse areas, the heritage of the October revolution is being liquidated. "
              "Revolutionary internationalism gives way to the cult of the fatherland in the strictest "
              "sense. And the fatherland means, above all, the authorities.")
RED_BOOK_2 = ("In the most varied domains, the heritage of the October Revolution is being liquidated. "
              "Revolutionary internationalism gives way to the cult of the nation in the narrowest "
              "sense. And nation, above all, means the authorities.")
UNRELATED = ("The Stakhanovite movement began during the second five-year plan in 1935 as a new stage "
             "of socialist competition in the coal mines of the Donbas region.")


def units(*texts_by_source):
    out = []
    for source, xml_id, text in texts_by_source:
        out.append(Unit(source, source[0].upper(), xml_id, len(out), text))
    return out


def test_verbatim_reuse_across_sources_is_one_group():
    result = collate.collate(units(("s.xml", "s-p1", SERGE),
                                   ("l.xml", "l-p9", "Victor Serge recalled: " + SERGE),
                                   ("b.xml", "b-p1", UNRELATED)))
    assert [g.kind for g in result.groups] == ["verbatim"]
    assert {m.xml_id for m in result.groups[0].members} == {"s-p1", "l-p9"}


def test_reuse_with_small_variants_is_a_variant_group():
    varied = SERGE.replace("a sudden attack", "an acute attack").replace("o’clock", "o'clock")
    result = collate.collate(units(("s.xml", "s-p1", SERGE), ("l.xml", "l-p2", varied)))
    (group,) = result.groups
    assert group.kind == "variant"
    classes = {(v["class"], v["type"]) for v in group.variants}
    assert ("substantive", "substitution") in classes


def test_repeat_within_one_source_is_found():
    result = collate.collate(units(("l.xml", "l-p1", SERGE), ("l.xml", "l-ps12-p1", SERGE)))
    assert len(result.groups) == 1 and result.groups[0].kind == "verbatim"


def test_two_translations_of_one_passage_are_parallel():
    result = collate.collate(units(("l.xml", "l-ps2-p1", RED_BOOK_1), ("b.xml", "b-p30", RED_BOOK_2),
                                   ("x.xml", "x-p1", UNRELATED)))
    kinds = {g.kind for g in result.groups}
    assert kinds & {"translation", "variant"}
    members = {m.xml_id for g in result.groups for m in g.members}
    assert members == {"l-ps2-p1", "b-p30"}


def test_unrelated_texts_give_no_parallels():
    texts = [SERGE, RED_BOOK_1, UNRELATED,
             "Trotsky moved to Norway in 1935, where the Labour Party had won the elections."]
    result = collate.collate(units(*((f"{i}.xml", f"x{i}-p1", t) for i, t in enumerate(texts))))
    assert result.groups == []


def test_punctuation_never_wins_an_alignment_over_words():
    rows = align(["He died, alas, in Paris.", "He died alas in Paris!"])
    variants = [r.variant for r in rows if r.variant]
    assert variants and all(v["class"] == "punctuation" for v in variants)
    assert all(r.readings[1] for r in rows)  # no word of the second text is left unaligned


@pytest.mark.parametrize("readings, expected", [
    (["Sedov,", "Sedov"], ("punctuation", "substitution")),
    (["Zborowski", "Zborowsky"], ("orthographic", "substitution")),
    (["galvanised", "galvanized"], ("orthographic", "substitution")),
    (["the young man", ""], ("substantive", "omission")),
    (["father and son", "son and father"], ("substantive", "transposition")),
    (["sudden", "acute"], ("substantive", "substitution")),
])
def test_variant_classification(readings, expected):
    v = classify(readings)
    assert (v["class"], v["type"]) == expected


def test_identical_readings_are_no_variant():
    assert classify(["same words", "same words"]) is None


def test_detection_is_deterministic():
    data = units(("s.xml", "s-p1", SERGE), ("l.xml", "l-p9", SERGE), ("b.xml", "b-p2", RED_BOOK_2),
                 ("l.xml", "l-p10", RED_BOOK_1))
    assert collate.to_json(collate.collate(data)) == collate.to_json(collate.collate(list(data)))
