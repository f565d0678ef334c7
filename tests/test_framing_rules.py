"""Entity framing rules added on top of the codebook: speakers, batching, sentence choice."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc, Mention
from rashomon.nlp.framing.roles import masked_context, syntax_votes
from rashomon.nlp.narratives.classify import select_sentences
from rashomon.nlp.narratives.tasks import make_doc


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from rashomon.nlp.parse import load_spacy

    return load_spacy()


def _votes(nlp, text: str, surface: str) -> dict[str, float]:  # noqa: ANN001
    start = text.index(surface)
    return syntax_votes(nlp(text), start, start + len(surface))


def test_speaker_of_accusation_votes(nlp) -> None:  # noqa: ANN001
    v = _votes(nlp, "The minister condemned the shelling of the city.", "The minister")
    assert v.get("speaker") == 1.0
    v = _votes(nlp, "The spokesman said the strikes would continue.", "The spokesman")
    assert v.get("speaker") == 1.0


def test_non_speakers_get_no_speaker_vote(nlp) -> None:  # noqa: ANN001
    # the object of a speech verb and the subject of a harm verb are not speakers
    assert "speaker" not in _votes(nlp, "The minister condemned the rebels.", "the rebels")
    v = _votes(nlp, "The army shelled the city.", "The army")
    assert "speaker" not in v and v["Antagonist"] == 1.0


def test_masked_context_replaces_only_the_mention() -> None:
    doc = make_doc("t", "Intro here. The army shelled the city at night. End.")
    s = doc.text.index("The army")
    assert masked_context(doc, s, s + len("The army")) == "they shelled the city at night."


def _mention_doc(doc_id: str, text: str, surface: str) -> Doc:
    doc = make_doc(doc_id, text)
    s = text.index(surface)
    doc.mentions.append(Mention(s, s + len(surface), surface, "x", surface, sentence=doc.sentence_at(s)))
    return doc


def test_pipe_matches_call() -> None:
    from rashomon.registry import get_component

    info = get_component("framing")
    comp = info.factory(dict(info.default_config))
    texts = [("a", "The militia shelled the village and killed farmers.", "The militia"),
             ("b", "Norway offered to mediate and called for talks.", "Norway")]
    one = [comp(_mention_doc(i, t, m)) for i, t, m in texts]
    many = list(comp.pipe([_mention_doc(i, t, m) for i, t, m in texts]))
    for a, b in zip(one, many, strict=True):
        la = [(lb.actor, lb.value, lb.fine) for lb in a.labels if lb.kind == "role"]
        lb_ = [(lb.actor, lb.value, lb.fine) for lb in b.labels if lb.kind == "role"]
        assert la == lb_ and la


def test_select_sentences_keeps_lead_and_actor_sentences() -> None:
    text = " ".join(f"Sentence number {i} says something here." for i in range(30))
    text += " Then the Kremlin said something else entirely."
    doc = _mention_doc("s", text, "the Kremlin")
    idx = list(range(len(doc.sentences)))
    got = select_sentences(doc, idx, 10, lead=4)
    assert len(got) == 10 and got == sorted(got)
    assert got[:4] == [0, 1, 2, 3]
    assert doc.mentions[0].sentence in got
    # without a cap problem nothing is dropped
    assert select_sentences(doc, idx[:5], 10) == idx[:5]


def test_helped_side_is_protagonist_helped_people_innocent(nlp) -> None:  # noqa: ANN001
    v = _votes(nlp, "The allies must supply Ukraine with more weapons.", "Ukraine")
    assert v["Protagonist"] > 0 and v["Innocent"] == 0
    v = _votes(nlp, "The charity sent food to the refugees.", "the refugees")
    assert v["Innocent"] > 0 and v["Protagonist"] == 0
    v = _votes(nlp, "The allies must supply Ukraine with more weapons.", "The allies")
    assert v["Protagonist"] == 1.0 and v["Antagonist"] == 0
