"""SemEval-2025 Task 10 formats: readers, writers, the `semeval` and `train` commands,
and the scorers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli.main import app
from rashomon.errors import UserError
from rashomon.eval.narratives import framing_scores, narrative_scores, samples_f1, set_f1
from rashomon.nlp.narratives.semeval import (
    MentionRow,
    locate,
    read_st1,
    read_st2,
    st1_line,
    st2_line,
    st3_line,
)

FIX = Path(__file__).parent / "fixtures" / "narratives"
runner = CliRunner()


def test_writers_exact_formats() -> None:
    row = MentionRow("A1.txt", "NATO", 10, 13, "Antagonist", ["Instigator", "Conspirator"])
    assert st1_line(row) == "A1.txt\tNATO\t10\t13\tAntagonist\tInstigator\tConspirator"
    assert st2_line("A1.txt", ["URW: Praise of Russia", "URW: Russia is the Victim"],
                    ["URW: Praise of Russia: Other", "URW: Russia is the Victim: Other"]) == (
        "A1.txt\tURW: Praise of Russia;URW: Russia is the Victim\t"
        "URW: Praise of Russia: Other;URW: Russia is the Victim: Other")
    assert st2_line("B.txt", ["Other"], ["Other"]) == "B.txt\tOther\tOther"
    assert st3_line("A1.txt", "Two\tlines\nof text.") == "A1.txt\tTwo lines of text."


def test_readers(tmp_path: Path) -> None:
    f = tmp_path / "st2.txt"
    f.write_text("A.txt\tX: a;X: a;X: b\tX: a: s;X: b: Other\r\nB.txt\tOther\tOther\n", "utf-8")
    assert read_st2(f) == {"A.txt": (["X: a", "X: b"], ["X: a: s", "X: b: Other"]),
                           "B.txt": (["Other"], ["Other"])}
    g = tmp_path / "st1.txt"
    g.write_text("A.txt\tNATO\t4\t7\tAntagonist\tInstigator\tSpy\r\n", "utf-8")
    assert read_st1(g) == [MentionRow("A.txt", "NATO", 4, 7, "Antagonist", ["Instigator", "Spy"])]
    g.write_text("A.txt\tNATO\tfour\t7\n", "utf-8")
    with pytest.raises(UserError):
        read_st1(g)


def test_locate_fixes_shifted_offsets() -> None:
    text = "The NATO summit. Later NATO said no."
    assert locate(text, MentionRow("a", "NATO", 4, 7)) == (4, 8)
    assert locate(text, MentionRow("a", "NATO", 21, 24)) == (23, 27)  # nearest occurrence


def test_scorers() -> None:
    assert set_f1(["a", "b"], ["a"]) == pytest.approx(2 / 3)
    assert set_f1([], []) == 1.0 and set_f1(["a"], ["b"]) == 0.0
    gold = {"d1": (["Other"], ["Other"]), "d2": (["N"], ["N: s"])}
    assert narrative_scores(gold, gold)["narratives_f1"] == 1.0
    pred = {"d1": (["Other"], ["Other"]), "d2": (["Other"], ["Other"])}
    assert narrative_scores(pred, gold)["subnarratives_f1"] == 0.5
    assert samples_f1({}, {"d": ["x"]}) == 0.0
    g = {("d", 0, 3): ("Antagonist", ["Spy"]), ("d", 5, 9): ("Innocent", ["Victim"])}
    p = {("d", 0, 3): ("Antagonist", ["Spy", "Traitor"]), ("d", 5, 9): ("Innocent", ["Victim"])}
    s = framing_scores(p, g)
    assert s["main_accuracy"] == 1.0 and s["exact_match"] == 0.5


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A tiny hand-written labelled corpus in the task layout."""
    raw = tmp_path / "raw-documents"
    raw.mkdir()
    nuke = ["Moscow again threatened to use nuclear weapons against Ukraine's allies {}.",
            "Officials warned that a nuclear strike on Europe was possible {}.",
            "The Kremlin said its nuclear doctrine allows the bomb to be used {}."]
    heat = ["A deadly heatwave swept the region {} as the climate crisis worsened.",
            "Wildfires and floods multiplied {}, and scientists spoke of global boiling.",
            "Record heat {} shows the climate emergency is spinning out of control."]
    sport = ["The home team won the match {} after a late goal.",
             "Fans celebrated in the streets {} as the club lifted the trophy.",
             "The coach praised his players {} for their defending."]
    labels = []
    when = ["on Monday", "on Tuesday", "this week", "last night", "in the spring", "again"]
    for i, w in enumerate(when):
        for kind, tmpl, lab in (
            ("U", nuke, ("URW: Amplifying war-related fears",
                         "URW: Amplifying war-related fears: There is a real possibility that nuclear weapons will be employed")),
            ("C", heat, ("CC: Amplifying Climate Fears",
                         "CC: Amplifying Climate Fears: Amplifying existing fears of global warming")),
            ("S", sport, ("Other", "Other")),
        ):
            name = f"T_{kind}_{i}.txt"
            (raw / name).write_text("\n".join(t.format(w) for t in tmpl) + "\n", "utf-8")
            labels.append(f"{name}\t{lab[0]}\t{lab[1]}")
    (tmp_path / "subtask-2-annotations.txt").write_text("\n".join(labels) + "\n", "utf-8")
    mentions = []
    for i in range(6):
        name = f"T_U_{i}.txt"
        text = (raw / name).read_text("utf-8")
        s = text.index("Moscow")
        mentions.append(f"{name}\tMoscow\t{s}\t{s + 5}\tAntagonist\tInstigator")
        s = text.index("Europe")
        mentions.append(f"{name}\tEurope\t{s}\t{s + 5}\tInnocent\tVictim")
    (tmp_path / "subtask-1-annotations.txt").write_text("\n".join(mentions) + "\n", "utf-8")
    (tmp_path / "dominant.txt").write_text(
        "T_U_0.txt\tURW: Amplifying war-related fears\t"
        "URW: Amplifying war-related fears: There is a real possibility that nuclear weapons will be employed\n",
        "utf-8")
    return tmp_path


def test_semeval_commands(corpus: Path) -> None:
    out = corpus / "st2.txt"
    r = runner.invoke(app, ["semeval", "st2", "--docs", str(corpus), "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 18 and all(len(x.split("\t")) == 3 for x in lines)
    pred = dict((x.split("\t")[0], x.split("\t")[1]) for x in lines)
    assert pred["T_S_0.txt"] == "Other"
    out1 = corpus / "st1.txt"
    r = runner.invoke(app, ["semeval", "st1", "--docs", str(corpus / "raw-documents"),
                            "--mentions", str(corpus / "subtask-1-annotations.txt"), "-o", str(out1)])
    assert r.exit_code == 0, r.output
    rows = [x.split("\t") for x in out1.read_text("utf-8").splitlines()]
    assert len(rows) == 12 and all(len(x) >= 6 and x[4] in ("Protagonist", "Antagonist", "Innocent") for x in rows)
    assert rows[0][:4] == ["T_U_0.txt", "Moscow", rows[0][2], rows[0][3]]
    out3 = corpus / "st3.txt"
    r = runner.invoke(app, ["semeval", "st3", "--docs", str(corpus), "--narratives",
                            str(corpus / "dominant.txt"), "-o", str(out3)])
    assert r.exit_code == 0, r.output
    doc, expl = out3.read_text("utf-8").strip().split("\t")
    assert doc == "T_U_0.txt" and "nuclear" in expl and len(expl.split()) <= 80


def test_train_round_trip(corpus: Path) -> None:
    model = corpus / "narr.model"
    r = runner.invoke(app, ["train", "narratives", "--docs", str(corpus),
                            "--labels", str(corpus / "subtask-2-annotations.txt"), "-o", str(model)])
    assert r.exit_code == 0, r.output
    assert model.is_file() and (corpus / "narr.model.json").is_file()
    out = corpus / "st2.txt"
    r = runner.invoke(app, ["semeval", "st2", "--docs", str(corpus), "--model", str(model), "-o", str(out)])
    assert r.exit_code == 0, r.output
    pred = {x.split("\t")[0]: x.split("\t")[1:] for x in out.read_text("utf-8").splitlines()}
    gold = read_st2(corpus / "subtask-2-annotations.txt")
    right = sum(pred[d][0].split(";") == g[0] for d, g in gold.items())
    assert right >= 16  # fits its own (separable) training data
    roles = corpus / "roles.model"
    r = runner.invoke(app, ["train", "framing", "--docs", str(corpus),
                            "--labels", str(corpus / "subtask-1-annotations.txt"), "-o", str(roles)])
    assert r.exit_code == 0, r.output
    out1 = corpus / "st1.txt"
    r = runner.invoke(app, ["semeval", "st1", "--docs", str(corpus), "--model", str(roles),
                            "--mentions", str(corpus / "subtask-1-annotations.txt"), "-o", str(out1)])
    assert r.exit_code == 0, r.output
    rows = [x.split("\t") for x in out1.read_text("utf-8").splitlines()]
    assert sum(x[4] == ("Antagonist" if x[1] == "Moscow" else "Innocent") for x in rows) >= 11
    # a narratives model is refused where a framing model is expected
    r = runner.invoke(app, ["semeval", "st1", "--docs", str(corpus), "--model", str(model),
                            "--mentions", str(corpus / "subtask-1-annotations.txt"), "-o", str(out1)])
    assert r.exit_code != 0 and isinstance(r.exception, UserError)


def test_user_errors(tmp_path: Path) -> None:
    r = runner.invoke(app, ["semeval", "st2", "--docs", str(tmp_path / "none"), "-o", str(tmp_path / "o")])
    assert isinstance(r.exception, UserError)
    r = runner.invoke(app, ["narratives", "--db", str(tmp_path / "missing.duckdb")])
    assert isinstance(r.exception, UserError)


def test_st3_reads_a_subtask_2_file_and_survives_unknown_labels(corpus: Path) -> None:
    """`semeval st3 --narratives st2.txt`: several narratives per line, the first is the
    dominant one; a label the codebook does not know still gets an explanation."""
    from rashomon.nlp.narratives.semeval import read_st3

    st2 = corpus / "st2-multi.txt"
    st2.write_text(
        "T_U_0.txt\tURW: Amplifying war-related fears;URW: Blaming the war on others rather "
        "than the invader\tURW: Blaming the war on others rather than the invader: Other;"
        "URW: Amplifying war-related fears: There is a real possibility that nuclear weapons "
        "will be employed\n"
        "T_U_1.txt\tXX: A narrative nobody wrote\tXX: A narrative nobody wrote: Other\n", "utf-8")
    dom = read_st3(st2)
    assert dom["T_U_0.txt"][0] == "URW: Amplifying war-related fears"
    assert dom["T_U_0.txt"][1].startswith("URW: Amplifying war-related fears: There is")
    out3 = corpus / "st3-multi.txt"
    r = runner.invoke(app, ["semeval", "st3", "--docs", str(corpus), "--narratives", str(st2),
                            "-o", str(out3)])
    assert r.exit_code == 0, r.output
    got = dict(x.split("\t") for x in out3.read_text("utf-8").strip().splitlines())
    assert "nuclear" in got["T_U_0.txt"]
    assert got["T_U_1.txt"].strip() and len(got["T_U_1.txt"].split()) <= 80
