"""The fast path: which sentences are worth parsing (the parse gate) and which are worth
embedding (the narratives sentence budget)."""

from __future__ import annotations

from rashomon.doc import Doc, Mention, Sentence
from rashomon.nlp.parse import make_parse, unknown_names, wants_parse


def doc_with(text: str, mentions: list[tuple[str, str]]) -> Doc:
    d = Doc(id="x", text=text, language="en")
    d.sentences = [Sentence(0, len(text), text)]
    for surface, actor in mentions:
        start = text.index(surface)
        d.mentions.append(Mention(start, start + len(surface), surface, actor, surface,
                                  sentence=0))
    return d


def gate(d: Doc) -> bool:
    counts = {0: len(d.mentions)}
    spans = {0: [(m.start, m.end) for m in d.mentions]}
    return wants_parse(d, 0, counts, spans)


def test_two_kb_actors_are_parsed() -> None:
    assert gate(doc_with("Russia supports Iran.", [("Russia", "Q159"), ("Iran", "Q794")]))


def test_one_actor_and_a_pronoun_is_parsed() -> None:
    assert gate(doc_with("Russia said it would help.", [("Russia", "Q159")]))


def test_one_actor_and_an_unknown_name_is_parsed() -> None:
    d = doc_with("German minister Annalena Baerbock visited Kyiv.", [("German", "Q183")])
    assert unknown_names(d.sentences[0], [(0, 6)]) == ["Annalena Baerbock", "Kyiv"]
    assert gate(d)


def test_unknown_names_without_kb_mentions_are_parsed_when_a_claim_is_possible() -> None:
    """NER finds actors the KB lacks only in parsed sentences: two names can make a claim."""
    assert gate(doc_with("But the spokesman Dmitry Peskov rejected claims by Reuters.", []))
    assert gate(doc_with("The Palestinians said they protested.", []))  # a name and a pronoun


def test_a_lone_unknown_name_is_parsed_only_as_an_antecedent() -> None:
    lone = doc_with("The Palestinians protested.", [])
    assert not gate(lone)
    d = Doc(id="x", text="The Palestinians protested. They blamed the occupation.", language="en")
    d.sentences = [Sentence(0, 27, "The Palestinians protested."),
                   Sentence(28, 56, "They blamed the occupation.")]
    assert wants_parse(d, 0, {}, {})  # "They" may refer back to it
    assert not wants_parse(d, 1, {}, {})  # a pronoun alone has nothing to relate
    # a KB actor is found without the parser: its sentence needs no parse as an antecedent
    d.mentions = [Mention(4, 16, "Palestinians", "Q1", "Palestinians", sentence=0)]
    assert not wants_parse(d, 0, {0: 1}, {0: [(4, 16)]})


def test_sentences_without_two_candidates_are_skipped() -> None:
    assert not gate(doc_with("Prices rose sharply in the autumn.", []))
    assert not gate(doc_with("Russia reported a good harvest.", [("Russia", "Q159")]))
    # the first word and acronyms are not names
    assert not gate(doc_with("Analysts expect more EU rules soon.", []))


def test_gate_is_the_default_and_can_be_turned_off() -> None:
    assert make_parse(gate=True, batch_size=8, english_only=True).gate
    from rashomon.registry import get_component

    assert get_component("parse").default_config["gate"] is True
    d = doc_with("Prices rose. Russia supports Iran.", [])
    d.sentences = [Sentence(0, 12, "Prices rose."), Sentence(13, 34, "Russia supports Iran.")]
    d.mentions = [Mention(13, 19, "Russia", "Q159", "Russia", sentence=1),
                  Mention(29, 33, "Iran", "Q794", "Iran", sentence=1)]
    on = make_parse(gate=True, batch_size=8, english_only=True)(d)
    assert [s.parse is not None for s in on.sentences] == [False, True]
    for s in d.sentences:
        s.parse = None
    off = make_parse(gate=False, batch_size=8, english_only=True)(d)
    assert [s.parse is not None for s in off.sentences] == [True, True]


def test_narratives_budget_prefers_lead_and_cue_sentences() -> None:
    from rashomon.nlp.narratives.classify import doc_sentences, select_sentences

    filler = [f"Item {i} of the list is fine and quite long." for i in range(30)]
    cue = "The sanctions against Russia only hurt Europe and its economy."
    text = " ".join([*filler[:20], cue, *filler[20:]])
    d = Doc(id="b", text=text, language="en")
    start = 0
    for part in [*filler[:20], cue, *filler[20:]]:
        d.sentences.append(Sentence(start, start + len(part), part))
        start += len(part) + 1
    idx = list(range(len(d.sentences)))
    got = select_sentences(d, idx, 6, lead=2, cues=("sanctions", "hurt europe"))
    assert got == sorted(got) and len(got) == 6
    assert got[:2] == [0, 1] and 20 in got  # the lead, then the cue sentence
    assert 20 not in select_sentences(d, idx, 6, lead=2, cues=("unrelated phrase",))
    assert len(doc_sentences(d, 8)) == 8  # the default codebook's cues, within the cap
    assert doc_sentences(d, 100) == idx  # under the cap nothing is dropped

