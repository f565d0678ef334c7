"""Readers and writers for the SemEval-2025 Task 10 file formats.

st1 (entity framing): ``article_id  mention  start  end  main_role  fine_role...`` (tab
separated; ``end`` is inclusive). st2 (narratives): ``article_id  narr;narr  sub;sub``.
st3 (explanations): ``article_id  explanation`` (gold files also carry the dominant
narrative and sub-narrative before the explanation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rashomon.errors import UserError


@dataclass
class MentionRow:
    doc: str
    mention: str
    start: int
    end: int  # inclusive, as in the task files
    main: str = ""
    fine: list[str] = field(default_factory=list)


def _lines(path: str | Path) -> list[list[str]]:
    p = Path(path)
    if not p.is_file():
        raise UserError(f"file not found: {p}")
    rows = []
    for line in p.read_text("utf-8").splitlines():
        if line.strip():
            rows.append([c.strip() for c in line.rstrip("\r\n").split("\t")])
    return rows


def read_docs(folder: str | Path) -> dict[str, str]:
    """article id (file name) -> text, from a folder of .txt files (or its raw-documents/)."""
    p = Path(folder)
    if (p / "raw-documents").is_dir():
        p = p / "raw-documents"
    if not p.is_dir():
        raise UserError(f"no such folder: {p}")
    docs = {}
    for f in sorted(p.iterdir()):
        if f.is_file() and f.suffix == ".txt":
            with open(f, encoding="utf-8", errors="replace", newline="") as fh:
                docs[f.name] = fh.read()
    if not docs:
        raise UserError(f"no .txt documents in {p}")
    return docs


def read_st1(path: str | Path) -> list[MentionRow]:
    out = []
    for i, r in enumerate(_lines(path), 1):
        if len(r) < 4:
            raise UserError(f"{path}:{i}: expected at least 4 tab-separated columns")
        try:
            start, end = int(r[2]), int(r[3])
        except ValueError:
            raise UserError(f"{path}:{i}: start/end offsets must be integers") from None
        out.append(MentionRow(r[0], r[1], start, end, r[4] if len(r) > 4 else "",
                              [x for x in r[5:] if x]))
    return out


def _split(field_: str) -> list[str]:
    return [x.strip() for x in field_.split(";") if x.strip()]


def read_st2(path: str | Path) -> dict[str, tuple[list[str], list[str]]]:
    """article id -> (narratives, sub-narratives), de-duplicated in order."""
    out = {}
    for i, r in enumerate(_lines(path), 1):
        if len(r) < 3:
            raise UserError(f"{path}:{i}: expected 3 tab-separated columns")
        out[r[0]] = (list(dict.fromkeys(_split(r[1]))), list(dict.fromkeys(_split(r[2]))))
    return out


def read_st3(path: str | Path) -> dict[str, tuple[str, str, str]]:
    """article id -> (dominant narrative, dominant sub-narrative, explanation). A subtask 2
    line ("A;B", "A: x;B: y") gives its first narrative and that narrative's first
    sub-narrative as the dominant ones."""
    out = {}
    for r in _lines(path):
        if len(r) < 2:
            continue
        narr = r[1].split(";")[0].strip()
        subs = [s.strip() for s in (r[2] if len(r) > 2 else "").split(";") if s.strip()]
        sub = next((s for s in subs if s.startswith(narr + ":")), subs[0] if subs else "")
        out[r[0]] = (narr, sub, r[3] if len(r) >= 4 else "")
    return out


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def st1_line(row: MentionRow) -> str:
    return "\t".join([row.doc, row.mention, str(row.start), str(row.end), row.main, *row.fine])


def st2_line(doc: str, narratives: list[str], subs: list[str]) -> str:
    return f"{doc}\t{';'.join(narratives)}\t{';'.join(subs)}"


def st3_line(doc: str, explanation: str) -> str:
    return f"{doc}\t{clean(explanation)}"


def write_lines(path: str | Path, lines: list[str]) -> None:
    p = Path(path)
    if not p.parent.exists():
        raise UserError(f"folder {p.parent} does not exist")
    p.write_text("".join(line + "\n" for line in lines), "utf-8")


def locate(text: str, row: MentionRow) -> tuple[int, int]:
    """(start, end-exclusive) of the mention in ``text``: the given offsets when they match,
    else the nearest occurrence of the mention string (some task files have shifted offsets)."""
    s, e = row.start, row.end + 1
    if text[s:e] == row.mention or not row.mention:
        return s, e
    best, pos = None, text.find(row.mention)
    while pos >= 0:
        if best is None or abs(pos - s) < abs(best - s):
            best = pos
        pos = text.find(row.mention, pos + 1)
    if best is None:
        s = max(0, min(s, len(text)))
        return s, max(s, min(e, len(text)))
    return best, best + len(row.mention)
