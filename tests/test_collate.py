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


# ---------------------------------------------------------------------------- known answers

from lxml import etree  # noqa: E402

from edition.collate import Corpus, split_sentences  # noqa: E402

TEI = "http://www.tei-c.org/ns/1.0"


def test_passage_over_a_paragraph_break_is_one_member():
    """A narrative quoting, in one paragraph, what a primary source prints as two."""
    first, second = SERGE, "For several months Sedov had been complaining of various indispositions, in particular of a rather high temperature in the evenings."
    result = collate.collate(units(("l.xml", "l-p1", first + " " + second),
                                   ("l.xml", "l-ps1-p1", first), ("l.xml", "l-ps1-p2", second)))
    (group,) = result.groups
    by_id = {m.xml_id: m for m in group.members}
    assert set(by_id) == {"l-p1", "l-ps1-p1"} or any(len(m.xml_ids) == 2 for m in group.members)
    spanning = next(m for m in group.members if len(m.xml_ids) == 2)
    assert spanning.xml_ids == ["l-ps1-p1", "l-ps1-p2"]
    assert group.kind == "verbatim"


def test_paragraph_for_paragraph_reuse_gives_one_group_per_paragraph():
    second = ("Leon Sedov had long lived under constant threat. Although he was well aware of "
              "this, and was prudent by nature, he took few precautions, for precautions have their price.")
    result = collate.collate(units(("s.xml", "s-p1", SERGE), ("s.xml", "s-p2", second),
                                   ("l.xml", "l-ps12-p1", SERGE), ("l.xml", "l-ps12-p2", second)))
    assert [sorted(m.xml_id for m in g.members) for g in result.groups] == [
        ["l-ps12-p1", "s-p1"], ["l-ps12-p2", "s-p2"]]


def test_translation_rows_are_aligned_sentence_by_sentence():
    result = collate.collate(units(("l.xml", "l-ps2-p1", RED_BOOK_1), ("b.xml", "b-p30", RED_BOOK_2)))
    (group,) = result.groups
    blocks = group.blocks
    assert len(blocks) == len(split_sentences(RED_BOOK_1)) == 3
    for block, sentence_1, sentence_2 in zip(blocks, split_sentences(RED_BOOK_1), split_sentences(RED_BOOK_2)):
        texts = [" ".join(r.readings[k] for r in block if r.readings[k]) for k in range(2)]
        assert set(texts) == {sentence_1, sentence_2}
    classes = {(v["class"], v["type"]) for v in group.variants}
    assert ("orthographic", "substitution") in classes  # revolution / Revolution
    assert ("substantive", "substitution") in classes  # fatherland / nation


def test_loose_paraphrase_without_long_shared_word_sequences_is_found():
    """Two translations of one passage of the Red Book (L and B), among unrelated texts."""
    a = ("The Association of Old Bolsheviks and that of the former political prisoners has been "
         "dissolved. They were too strong a reminder of the \"cursed\" revolutionary past.")
    b = ("The association of Old Bolsheviks has been dissolved, as well as that of former political "
         "convicts. They are too reminiscent of the “damned” revolutionary past.")
    others = [SERGE, UNRELATED, "Trotsky moved to Norway in 1935, where the Labour Party had won.",
              "Zborowski, a police agent, had infiltrated the movement and befriended Leon."]
    result = collate.collate(units(("l.xml", "l-ps2-p2", a), ("b.xml", "b-p32", b),
                                   *((f"x{i}.xml", f"x{i}-p1", t) for i, t in enumerate(others))))
    (group,) = result.groups
    assert group.kind == "translation"
    assert {m.xml_id for m in group.members} == {"l-ps2-p2", "b-p32"}
    assert len(group.blocks) == 2


def test_a_short_quotation_of_a_long_passage_is_a_group_of_its_own():
    long = SERGE + " " + RED_BOOK_1 + " " + UNRELATED
    quoted = "Serge wrote that " + SERGE[:118] + " and no more."
    result = collate.collate(units(("s.xml", "s-p1", long), ("l.xml", "l-ps1-p1", long),
                                   ("n.xml", "n-p4", quoted)))
    assert len(result.groups) == 2
    whole, part = sorted(result.groups, key=lambda g: -len(g.members[0].text))
    assert {m.xml_id for m in whole.members} == {"s-p1", "l-ps1-p1"}
    assert {m.xml_id for m in part.members} == {"s-p1", "l-ps1-p1", "n-p4"}


def test_a_passage_does_not_spill_into_the_next_block():
    result = collate.collate(units(("s.xml", "s-p1", SERGE), ("s.xml", "s-p2", "In 1929 he left."),
                                   ("l.xml", "l-p1", SERGE + " In September 1926 Stalin spoke.")))
    (group,) = result.groups
    assert all(m.xml_ids in (["s-p1"], ["l-p1"]) for m in group.members)
    assert all(m.text.endswith("appendicitis.") for m in group.members)


def test_punctuation_differences_inside_equal_words_are_word_sized_variants():
    rows = align(["He said: it was over, in Paris.", "He said it was over in Paris!"])
    variants = [r for r in rows if r.variant]
    assert [r.readings for r in variants] == [["said:", "said"], ["over,", "over"], ["Paris.", "Paris!"]]
    assert all(r.variant["class"] == "punctuation" for r in variants)


def test_group_ids_are_stable_and_readable():
    data = units(("s.xml", "s-p1", SERGE), ("l.xml", "l-p9", SERGE), ("b.xml", "b-p2", RED_BOOK_2),
                 ("l.xml", "l-p10", RED_BOOK_1))
    ids = [g.id for g in collate.collate(data).groups]
    assert ids == ["par-s-p1", "par-l-p10"]  # sources in order of first appearance: s, l, b
    more = data + [Unit("x.xml", "X", "x-p1", 99, UNRELATED)]
    assert [g.id for g in collate.collate(more).groups] == ids


def test_headings_and_editorial_notes_are_not_collated():
    tree = etree.ElementTree(etree.fromstring(f"""
      <TEI xmlns="{TEI}"><text><body><div xml:id="d1"><head>(1) Bertrand M. Patenaude, Stalin's Nemesis</head>
        <p xml:id="p1">Text <note type="editorial">an editor's words</note> of the source.</p>
      </div></body></text></TEI>"""))
    found = collate.units_of(tree, "t.xml", "T")
    assert [(u.xml_id, u.text, u.ancestors) for u in found] == [("p1", "Text of the source.", ("d1",))]


def test_membership_maps_every_block_to_its_groups():
    result = collate.collate(units(("s.xml", "s-p1", SERGE), ("l.xml", "l-p9", SERGE)))
    marks = collate.membership(result)
    assert marks == {"s-p1": [{"group": "par-s-p1", "kind": "verbatim", "sigla": ["L"]}],
                     "l-p9": [{"group": "par-s-p1", "kind": "verbatim", "sigla": ["S"]}]}


def test_json_format():
    (group,) = collate.to_json(collate.collate(units(("s.xml", "s-p1", SERGE),
                                                     ("l.xml", "l-p9", SERGE.replace("sudden", "acute")))))
    assert set(group) >= {"id", "kind", "members", "variants"}
    assert set(group["members"][0]) >= {"source", "xml_id", "text"}
    (variant,) = group["variants"]
    assert variant["witnesses"] == ["S", "L"] and variant["class"] == "substantive"
    assert [r["text"] for r in variant["readings"]] == ["sudden", "acute"]


def test_streams_keep_sources_apart():
    corpus = Corpus(units(("a.xml", "a-p1", "one two three"), ("b.xml", "b-p1", "four five"),
                          ("a.xml", "a-p2", "six")))
    assert corpus.keys == ["one", "two", "three", "six", "four", "five"]
    assert corpus.streams == [(0, 4), (4, 6)]
    assert corpus.text(1, 4) == "two three six"
