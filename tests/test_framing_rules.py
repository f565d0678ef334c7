"""Entity framing rules added on top of the codebook: speakers, batching, sentence choice."""

from __future__ import annotations

import pytest

from rashomon.doc import Claim, Doc, Mention
from rashomon.nlp.framing import roles
from rashomon.nlp.framing.evidence import Cue, claim_cues, cues, mention_cues, votes
from rashomon.nlp.framing.roles import RoleClassifier, RoleScores, masked_context
from rashomon.nlp.narratives.classify import select_sentences
from rashomon.nlp.narratives.tasks import make_doc


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from rashomon.nlp.parse import load_spacy

    return load_spacy()


def _found(nlp, text: str, surface: str) -> list:  # noqa: ANN001
    start = text.index(surface)
    return mention_cues(nlp(text), start, start + len(surface))


def _votes(nlp, text: str, surface: str) -> dict[str, float]:  # noqa: ANN001
    return votes(_found(nlp, text, surface))


def _speaks(nlp, text: str, surface: str) -> bool:  # noqa: ANN001
    return any(c.why.startswith("speaks") for c in _found(nlp, text, surface))


def test_speaker_of_accusation_gets_a_speaker_cue(nlp) -> None:  # noqa: ANN001
    assert _speaks(nlp, "The minister condemned the shelling of the city.", "The minister")
    assert _speaks(nlp, "The spokesman said the strikes would continue.", "The spokesman")


def test_non_speakers_get_no_speaker_cue(nlp) -> None:  # noqa: ANN001
    # the object of a speech verb and the subject of a harm verb are not speakers
    assert not _speaks(nlp, "The minister condemned the rebels.", "the rebels")
    assert not _speaks(nlp, "The army shelled the city.", "The army")
    assert _votes(nlp, "The army shelled the city.", "The army")["Antagonist"] == 1.0


def test_one_evidence_mechanism() -> None:
    # the role codebook reads the same cues as the model and the label evidence
    assert not hasattr(roles, "syntax_votes") and not hasattr(roles, "claim_votes")
    assert not hasattr(roles, "AGGRESSIVE") and not hasattr(roles, "HELPFUL")


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


# --- explicit evidence (evidence.py) and the Antagonist-default decision ---

def _roles(nlp, text: str, surface: str) -> set[str]:  # noqa: ANN001
    return {c.role for c in _found(nlp, text, surface)}


@pytest.mark.parametrize(("text", "surface", "role"), [
    ("The militia attacked the village at dawn.", "The militia", "Antagonist"),
    ("The militia attacked the village at dawn.", "the village", "Innocent"),
    ("The town was shelled by the army for a week.", "The town", "Innocent"),
    ("The town was shelled by the army for a week.", "the army", "Antagonist"),
    ("The invasion of Freedonia shocked the region.", "Freedonia", "Innocent"),
    ("Freedonia's invasion shocked the region.", "Freedonia", "Antagonist"),
    ("The region has been under attack for two years.", "The region", "Innocent"),
    ("Denmark sent weapons and aid to the border guards.", "Denmark", "Protagonist"),
    ("The allies pledged to provide Freedonia with air defence.", "Freedonia", "Protagonist"),
    ("The charity sent aid to the refugees.", "the refugees", "Innocent"),
    ("Heroic firefighters saved the school.", "Heroic firefighters", "Protagonist"),
    ("The brutal regime jailed its critics.", "The brutal regime", "Antagonist"),
    ("The media blamed Freedonia without any evidence.", "Freedonia", "Innocent"),
    ("The minister said the talks would resume.", "The minister", "Protagonist"),
    ("Russia's war against Freedonia enters its third year.", "Freedonia", "Innocent"),
    ("There is no evidence of Freedonia's involvement in the blast.", "Freedonia", "Innocent"),
    ("Freedonia faces constant threats from its neighbour.", "Freedonia", "Innocent"),
    ("The explosions caused Freedonia great harm.", "Freedonia", "Innocent"),
    ("Sylvania, which sent weapons to aid the rebels, won praise.", "Sylvania", "Protagonist"),
])
def test_evidence_cues(nlp, text: str, surface: str, role: str) -> None:  # noqa: ANN001
    assert role in _roles(nlp, text, surface)


@pytest.mark.parametrize(("text", "surface"), [
    ("The militia did not attack the village.", "the village"),   # negated harm
    ("The threat of Freedonia worries its neighbours.", "Freedonia"),  # 'of' names the doer here
    ("The media blamed Freedonia for the explosion.", "Freedonia"),  # accusation, not denied
    ("The official said Freedonia could demand more.", "Freedonia"),  # reported, not a speaker
    ("Freedonia held elections on Sunday.", "Freedonia"),  # nothing to go on
    ("Evidence of Freedonia's involvement in the blast is mounting.", "Freedonia"),  # not denied
    ("Freedonia faces an election in May.", "Freedonia"),  # nothing harmful faced
])
def test_no_sympathetic_cue(nlp, text: str, surface: str) -> None:  # noqa: ANN001
    assert not _roles(nlp, text, surface) & {"Innocent", "Protagonist"}


def _scored(nlp, text: str, surface: str):  # noqa: ANN001, ANN202
    doc = make_doc("e", text)
    for s in doc.sentences:
        s.parse = nlp(s.text)
    start = text.index(surface)
    clf = RoleClassifier()
    return clf, clf.score(doc, start, start + len(surface))


def test_antagonist_is_the_default_without_evidence(nlp) -> None:  # noqa: ANN001
    # the context reads like a protagonist's, but nothing in the parse says so
    clf, rs = _scored(nlp, "Freedonia, a peaceful and honest nation, held elections.", "Freedonia")
    assert rs.cues == [] or all(c.role == "Antagonist" for c in rs.cues)
    assert clf.decide(rs)[0] == "Antagonist"
    clf, rs = _scored(nlp, "Freedonia bravely defended its people.", "Freedonia")
    assert clf.decide(rs) == ("Protagonist", ["Guardian"])


def test_evidence_against_outweighs_evidence_for(nlp) -> None:  # noqa: ANN001
    clf, rs = _scored(nlp, "The rebels attacked the convoy and bravely retreated.", "The rebels")
    v = rs.votes()
    assert v["Antagonist"] >= v["Protagonist"] > 0
    assert clf.decide(rs)[0] == "Antagonist"


def test_claims_give_cues() -> None:
    doc = make_doc("c", "Intro. Freedonia struck Sylvania overnight.")
    s = doc.text.index("Freedonia")
    ev = doc.span(s, len(doc.text))
    doc.claims.append(Claim("Freedonia", "attack", "Sylvania", ev, subject_text="Freedonia",
                            object_text="Sylvania"))
    o = doc.text.index("Sylvania")
    assert [c.role for c in claim_cues(doc, o, o + 8, None)] == ["Innocent"]
    assert [c.role for c in claim_cues(doc, s, s + 9, None)] == ["Antagonist"]
    doc.claims[0].negated = True
    assert claim_cues(doc, o, o + 8, None) == []
    assert claim_cues(doc, 0, 5, None) == []  # another sentence


def test_punished_by_a_villain_is_a_victim(nlp) -> None:  # noqa: ANN001
    assert "Innocent" in _roles(nlp, "The regime arrested journalists.", "journalists")
    assert "Innocent" not in _roles(nlp, "The police arrested the suspects.", "the suspects")


def test_claim_and_parse_cues_come_together(nlp) -> None:  # noqa: ANN001
    doc = make_doc("c2", "Intro. Freedonia struck Sylvania overnight.")
    for sent in doc.sentences:
        sent.parse = nlp(sent.text)
    s = doc.text.index("Freedonia")
    doc.claims.append(Claim("Freedonia", "attack", "Sylvania", doc.span(s, len(doc.text)),
                            subject_text="Freedonia", object_text="Sylvania"))
    got = cues(doc, s, s + 9)
    assert any(c.why.endswith("(claim)") for c in got)  # from the claim
    assert any(c.why == "does 'strike'" for c in got)  # from the parse
    assert votes(got)["Antagonist"] == 2.0
    o = doc.text.index("Sylvania")
    rs = RoleClassifier().score(doc, o, o + 8)
    assert rs.votes()["Innocent"] >= 1.0 and rs.votes()["Antagonist"] == 0


def test_a_fine_role_tie_goes_to_the_first_cue_in_every_process() -> None:
    """Two fine roles hinted equally often: the first cue read wins (a set's order, which
    Python's string hashing changes per process, decided before)."""
    clf = RoleClassifier()
    for first, second in (("Guardian", "Underdog"), ("Underdog", "Guardian")):
        cues = [Cue("Protagonist", 2.0, "a", first), Cue("Protagonist", 2.0, "b", second)]
        rs = RoleScores(main={"Protagonist": 5.0, "Antagonist": 0.0, "Innocent": 0.0},
                        fine={}, cues=cues)
        assert clf.decide(rs) == ("Protagonist", [first])
