"""Entity framing: roles from hand-written sentences, the component's labels, the role codebook."""

from __future__ import annotations

import pytest

from rashomon.doc import Doc, Mention
from rashomon.errors import UserError
from rashomon.nlp.framing.codebook import MAIN_ROLES, load_roles

FINE = {
    "Protagonist": {"Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"},
    "Antagonist": {"Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
                   "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"},
    "Innocent": {"Forgotten", "Exploited", "Victim", "Scapegoat"},
}


def test_role_codebook_covers_taxonomy() -> None:
    book = load_roles()
    assert set(book.main) == set(MAIN_ROLES)
    for main, fines in FINE.items():
        assert {r.name for r in book.fine_of(main)} == fines
    for r in [*book.main.values(), *book.fine.values()]:
        assert r.definition and len(r.examples) >= 3 and r.cues


def test_role_codebook_errors(tmp_path) -> None:  # noqa: ANN001
    bad = tmp_path / "roles.yaml"
    bad.write_text("roles:\n  main:\n    Hero: {definition: x, examples: [a]}\n", "utf-8")
    with pytest.raises(UserError):
        load_roles(str(bad))


def _doc(text: str, mentions: list[tuple[str, ...]]) -> Doc:
    """A parsed doc with mentions (surface, actor[, the text it starts: default, the
    surface's first occurrence])."""
    from rashomon.nlp.narratives.tasks import make_doc
    from rashomon.nlp.parse import load_spacy

    doc = make_doc("f", text)
    nlp = load_spacy()
    for s in doc.sentences:
        s.parse = nlp(s.text)
    for surface, actor, *at in mentions:
        start = text.index(at[0] if at else surface)
        doc.mentions.append(Mention(start, start + len(surface), surface, actor, surface,
                                    sentence=doc.sentence_at(start)))
    doc.mentions.sort(key=lambda m: m.start)
    return doc


@pytest.fixture(scope="module")
def framing():  # noqa: ANN201
    from rashomon.registry import get_component

    info = get_component("framing")
    return info.factory(dict(info.default_config))


CASES = [
    ("The militia bombed the hospital and killed dozens of patients.", "The militia", "Antagonist"),
    ("The militia bombed the hospital and killed dozens of patients.", "patients", "Innocent"),
    ("Refugees fled the burning town after the army shelled their homes.", "Refugees", "Innocent"),
    ("The army shelled the homes and the villagers lost everything.", "The army", "Antagonist"),
    ("The regime arrested journalists and crushed the protests.", "The regime", "Antagonist"),
    ("The regime arrested journalists and crushed the protests.", "journalists", "Innocent"),
    ("Norway offered to mediate and called for an immediate ceasefire.", "Norway", "Protagonist"),
]


@pytest.mark.parametrize(("text", "surface", "role"), CASES)
def test_roles_in_sentences(framing, text: str, surface: str, role: str) -> None:  # noqa: ANN001
    doc = framing(_doc(text, [(surface, "x")]))
    labels = [lb for lb in doc.labels if lb.kind == "role"]
    assert len(labels) == 1
    assert labels[0].value == role
    assert labels[0].fine and labels[0].fine[0] in FINE[role]


def test_one_label_per_actor_with_evidence(framing) -> None:  # noqa: ANN001
    text = ("Rebels attacked the convoy near the border. Villagers said the rebels burned their fields. "
            "The rebels also shelled the school, and the villagers fled.")
    doc = _doc(text, [("Rebels", "rsh:rebels"), ("the rebels burned", "rsh:rebels"),
                      ("Villagers", "rsh:villagers"), ("the villagers fled", "rsh:villagers")])
    doc = framing(doc)
    roles = {lb.actor: lb for lb in doc.labels if lb.kind == "role"}
    assert set(roles) == {"rsh:rebels", "rsh:villagers"}
    assert roles["rsh:rebels"].value == "Antagonist"
    assert roles["rsh:villagers"].value == "Innocent"
    for lb in roles.values():
        assert lb.target is not None and doc.text[lb.target.start:lb.target.end] == lb.target.text
        assert lb.evidence and all(doc.text[e.start:e.end] == e.text for e in lb.evidence)
    doc = framing(doc)  # re-running replaces, never duplicates
    assert len([lb for lb in doc.labels if lb.kind == "role"]) == 2


def test_component_defaults_to_antagonist_and_uses_claims(framing) -> None:  # noqa: ANN001
    from rashomon.doc import Claim

    text = "Freedonia and Sylvania met in Geneva. Freedonia moved on Sylvania hard on Monday."
    doc = _doc(text, [("Freedonia", "rsh:freedonia"), ("Sylvania", "rsh:sylvania", "Sylvania hard")])
    s1 = doc.sentences[1]
    doc.claims.append(Claim("Freedonia", "attack", "Sylvania", doc.span(s1.start, s1.end),
                            subject_id="rsh:freedonia", object_id="rsh:sylvania"))
    roles = {lb.actor: lb.value for lb in framing(doc).labels if lb.kind == "role"}
    assert roles == {"rsh:freedonia": "Antagonist", "rsh:sylvania": "Innocent"}
    doc.claims[0].negated = True  # a denied attack is no evidence: back to the default
    roles = {lb.actor: lb.value for lb in framing(doc).labels if lb.kind == "role"}
    assert roles["rsh:sylvania"] == "Antagonist"


def test_evidence_points_to_the_deciding_sentence(framing) -> None:  # noqa: ANN001
    text = "Freedonia held talks in May. Later the army shelled Freedonia for a week."
    doc = _doc(text, [("Freedonia", "rsh:freedonia"), ("Freedonia", "rsh:freedonia", "Freedonia for")])
    (label,) = [lb for lb in framing(doc).labels if lb.kind == "role"]
    assert label.value == "Innocent" and label.fine == ["Victim"]
    assert [e.text for e in label.evidence] == [doc.sentences[1].text]
    assert 0 < label.score <= 1
