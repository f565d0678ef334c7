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


def _doc(text: str, mentions: list[tuple[str, str]]) -> Doc:
    from rashomon.nlp.narratives.tasks import make_doc
    from rashomon.nlp.parse import load_spacy

    doc = make_doc("f", text)
    nlp = load_spacy()
    for s in doc.sentences:
        s.parse = nlp(s.text)
    for surface, actor in mentions:
        start = text.index(surface)
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
