"""The claims scorer (spec/claims.md "How claims are scored") on small hand-made sets."""

from __future__ import annotations

import json

import pytest

from rashomon.doc import Doc, Mention
from rashomon.eval.claims import _coarse_fits, coarse_tp, cooccurrence_baseline, format_table, score
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.kb import KB


def row(doc: str, s: str, rel: str, o: str, neg: bool = False, hedged: bool = False,
        source: str | None = None, **extra: object) -> dict:
    return {"doc": doc, "subject": s, "relation": rel, "object": o, "negated": neg,
            "hedged": hedged, "source": source, "evidence": "x", **extra}


GOLD = [
    row("a.txt", "Iran", "support", "Hamas", source="Israel",
        aliases={"Iran": ["Tehran"], "Israel": ["Jerusalem"]}),
    row("a.txt", "Russia", "ally", "Iran"),
    row("a.txt", "Russia", "oppose", "Hamas", neg=True, hedged=True),
    row("b.txt", "Israel", "attack", "Hamas"),
]


def test_perfect_prediction() -> None:
    r = score([dict(g) for g in GOLD], GOLD)
    assert r["exact"]["f1"] == 1.0 and r["coarse"]["f1"] == 1.0
    assert r["attribution"]["accuracy"] == 1.0 and r["hedging"]["accuracy"] == 1.0


def test_known_precision_recall() -> None:
    pred = [
        row("a.txt", "Tehran", "support", "Hamas", source="Jerusalem"),  # alias of both -> match
        row("a.txt", "Iran", "ally", "Russia"),  # symmetric: order does not matter
        row("a.txt", "Russia", "oppose", "Hamas"),  # wrong polarity: no exact match
        row("b.txt", "Hamas", "attack", "Israel"),  # wrong direction
        row("c.txt", "X", "attack", "Y"),  # document without gold: ignored
    ]
    r = score(pred, GOLD)
    assert r["exact"]["tp"] == 2 and r["exact"]["pred"] == 4 and r["exact"]["gold"] == 4
    assert r["exact"]["precision"] == 0.5 and r["exact"]["recall"] == 0.5
    assert r["exact"]["f1"] == 0.5
    # coarse ignores negation: Russia - Hamas matches; the direction still matters
    assert r["coarse"]["tp"] == 3
    assert r["attribution"]["accuracy"] == 1.0
    assert r["relations"]["ally"]["f1"] == 1.0
    assert r["relations"]["attack"]["tp"] == 0


def test_duplicates_count_once() -> None:
    pred = [row("b.txt", "Israel", "attack", "Hamas")] * 3
    r = score(pred, GOLD)
    assert r["exact"]["pred"] == 1 and r["exact"]["tp"] == 1


def test_attribution_and_hedging_accuracy() -> None:
    pred = [row("a.txt", "Iran", "support", "Hamas", source=None),
            row("a.txt", "Russia", "oppose", "Hamas", neg=True, hedged=False)]
    r = score(pred, GOLD)
    assert r["attribution"]["n"] == 2 and r["attribution"]["accuracy"] == 0.5
    assert r["hedging"]["accuracy"] == 0.5


def test_names_compare_casefolded_without_kb() -> None:
    r = score([row("b.txt", "the israel", "attack", "HAMAS")], GOLD)
    assert r["exact"]["tp"] == 1


def test_names_compare_without_quotation_marks() -> None:
    gold = [row("q.txt", "Liaohe Petrochem", "support", "Rosneft",
                aliases={"Liaohe Petrochem": ["«Ляохэ Петрохим»"], "Rosneft": ["«Роснефти»"]})]
    assert score([row("q.txt", "Ляохэ Петрохим", "support", "Роснефти")], gold)["exact"]["tp"] == 1
    assert score([row("q.txt", "Ляохэ", "support", "Роснефти")], gold)["exact"]["tp"] == 0


def test_kb_resolves_aliases() -> None:
    kb = KB([Actor("Q1", "Islamic State", aliases=["ISIS", "Daesh"]), Actor("Q2", "Russia")])
    gold = [row("d.txt", "ISIS", "attack", "Russia")]
    assert score([row("d.txt", "Daesh", "attack", "Russia")], gold, kb)["exact"]["f1"] == 1.0
    assert score([row("d.txt", "Daesh", "attack", "Russia")], gold)["exact"]["f1"] == 0.0


def test_empty_prediction() -> None:
    r = score([], GOLD)
    assert r["exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 4}
    assert "exact" in format_table(r)


def test_cooccurrence_baseline() -> None:
    doc = Doc("a.txt", "Iran and Hamas. Russia.", path="/x/a.txt")
    doc.mentions = [Mention(0, 4, "Iran", "Q794", "Iran", sentence=0),
                    Mention(9, 14, "Hamas", "Q38", "Hamas", sentence=0),
                    Mention(16, 22, "Russia", "Q159", "Russia", sentence=1)]
    rows = cooccurrence_baseline([doc], "oppose")
    assert [(r["subject"], r["relation"], r["object"]) for r in rows] == [("Hamas", "oppose", "Iran")]


def test_cli_eval_claims_with_pred(tmp_path) -> None:
    from typer.testing import CliRunner

    from rashomon.cli.main import app

    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text("\n".join(json.dumps(g) for g in GOLD), encoding="utf-8")
    pred.write_text(json.dumps(row("b.txt", "Israel", "attack", "Hamas")), encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--pred", str(pred),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)["rashomon"]
    assert out["exact"]["tp"] == 1 and out["exact"]["precision"] == 1.0
    assert out["exact"]["recall"] == 0.25


def test_cli_eval_claims_needs_an_input(tmp_path) -> None:
    from rashomon.cli.evaluate import eval_claims
    from rashomon.errors import UserError

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0]), encoding="utf-8")
    with pytest.raises(UserError):
        eval_claims(gold=gold, docs=[], pred=None, db=None, fmt="table", embeddings=False,
                    baseline=False)


def test_cli_eval_claims_from_db(tmp_path) -> None:
    from typer.testing import CliRunner

    from rashomon.cli.main import app
    from rashomon.doc import Claim, Sentence, Span
    from rashomon.store import open_store

    text = "Israel attacked Hamas."
    doc = Doc("b-id", text, path=str(tmp_path / "b.txt"))
    doc.sentences = [Sentence(0, len(text), text)]
    doc.claims = [Claim("Israel", "attack", "Hamas", Span(0, len(text), text), sentence=0)]
    db = tmp_path / "x.duckdb"
    store = open_store(str(db))
    store.save([doc])
    store.close()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g) for g in GOLD), encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--db", str(db),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)["rashomon"]
    assert out["exact"]["tp"] == 1 and out["exact"]["pred"] == 1


def test_coarse_direction_matters_for_directed_relations() -> None:
    gold = [row("e.txt", "Iran", "support", "Hamas")]
    assert score([row("e.txt", "Hamas", "support", "Iran")], gold)["coarse"]["tp"] == 0
    assert score([row("e.txt", "Iran", "ally", "Hamas")], gold)["coarse"]["tp"] == 1
    assert score([row("e.txt", "Hamas", "ally", "Iran")], gold)["coarse"]["tp"] == 1


def test_coarse_matches_one_to_one() -> None:
    gold = [row("e.txt", "Iran", "ally", "Hamas")]
    pred = [row("e.txt", "Iran", "support", "Hamas"), row("e.txt", "Hamas", "support", "Iran")]
    r = score(pred, gold)
    assert r["coarse"]["tp"] == 1 and r["coarse"]["pred"] == 2
    assert r["coarse"]["precision"] == 0.5 and r["coarse"]["recall"] == 1.0


def _first_fit(pt: list[tuple], gt: list[tuple]) -> int:
    """A greedy matcher that takes the first free gold for each prediction, in input order."""
    used: set[tuple] = set()
    for p in pt:
        g = next((g for g in gt if g not in used and _coarse_fits(p, g)), None)
        if g is not None:
            used.add(g)
    return len(used)


def test_coarse_matching_is_maximal_in_any_order() -> None:
    # Iran-Hamas cooperate (symmetric) fits both directed golds; Iran->Hamas fits only one
    sym, ih, hi = ("hamas", "+", "iran", True), ("iran", "+", "hamas", False), ("hamas", "+", "iran", False)
    gold = [ih, hi]
    for pred in ([sym, ih], [ih, sym]):
        assert coarse_tp(pred, gold) == 2
        assert coarse_tp(pred, list(reversed(gold))) == 2
    assert _first_fit([sym, ih], [ih, hi]) == 1  # first-fit loses a match by ordering
    # negative: an unrelated pair or a wrong direction never matches
    assert coarse_tp([("iran", "+", "israel", False)], gold) == 0
    assert coarse_tp([hi], [ih]) == 0
    assert coarse_tp([("hamas", "-", "iran", True)], gold) == 0


def test_coarse_matching_equals_brute_force() -> None:
    from itertools import permutations
    from random import Random

    rnd = Random(7)

    def t() -> tuple:
        s, o = rnd.sample("abc", 2)
        sym = rnd.random() < 0.5
        s, o = sorted((s, o)) if sym else (s, o)
        return (s, rnd.choice("+-"), o, sym)

    for _ in range(300):
        pt, gt = list({t() for _ in range(3)}), list({t() for _ in range(3)})
        best = max(sum(_coarse_fits(p, g) for p, g in zip(order, gt, strict=False))
                   for order in permutations(pt + [("", "", "", False)] * len(gt)))
        assert coarse_tp(pt, gt) == best


def test_coarse_keeps_part_of_as_its_own_class() -> None:
    gold = [row("e.txt", "Putin", "part_of", "Russia")]
    assert score([row("e.txt", "Putin", "support", "Russia")], gold)["coarse"]["tp"] == 0
    assert score([row("e.txt", "Putin", "part_of", "Russia")], gold)["coarse"]["tp"] == 1


def test_quad_class_accuracy_on_related_pairs() -> None:
    gold = [row("e.txt", "Iran", "support", "Hamas"), row("e.txt", "Israel", "attack", "Hamas"),
            row("e.txt", "Putin", "part_of", "Russia")]
    pred = [row("e.txt", "Iran", "ally", "Hamas"),  # verbal for material cooperation
            row("e.txt", "Israel", "attack", "Hamas"),
            row("e.txt", "Putin", "part_of", "Russia")]  # no quad class: not counted
    q = score(pred, gold)["quad"]
    assert q["n"] == 2 and q["accuracy"] == 0.5
    assert q["confusion"]["material cooperation -> verbal cooperation"] == 1
