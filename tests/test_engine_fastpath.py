"""The parse gate (fast path): which sentences are worth parsing."""

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


def test_unknown_names_without_kb_mentions_are_parsed() -> None:
    """NER finds actors the KB lacks only in parsed sentences."""
    assert gate(doc_with("But the spokesman Dmitry Peskov rejected claims by Reuters.", []))
    assert gate(doc_with("The Palestinians protested.", []))


def test_sentences_without_two_candidates_are_skipped() -> None:
    assert not gate(doc_with("Prices rose sharply in the autumn.", []))
    assert not gate(doc_with("Russia reported a good harvest.", [("Russia", "Q159")]))
    # the first word and acronyms are not names
    assert not gate(doc_with("Analysts expect more EU rules soon.", []))


def test_gate_is_the_default_and_can_be_turned_off() -> None:
    assert make_parse({"gate": True, "batch_size": 8, "english_only": True}).gate
    from rashomon.registry import get_component

    assert get_component("parse").default_config["gate"] is True
    d = doc_with("Prices rose. Russia supports Iran.", [])
    d.sentences = [Sentence(0, 12, "Prices rose."), Sentence(13, 34, "Russia supports Iran.")]
    d.mentions = [Mention(13, 19, "Russia", "Q159", "Russia", sentence=1),
                  Mention(29, 33, "Iran", "Q794", "Iran", sentence=1)]
    on = make_parse({"gate": True, "batch_size": 8, "english_only": True})(d)
    assert [s.parse is not None for s in on.sentences] == [False, True]
    for s in d.sentences:
        s.parse = None
    off = make_parse({"gate": False, "batch_size": 8, "english_only": True})(d)
    assert [s.parse is not None for s in off.sentences] == [True, True]
