"""The narrative codebook: domains, narratives, sub-narratives, with definitions, cues
and example sentences; loaded from YAML (the shipped one, or a user's file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from rashomon.errors import UserError
from rashomon.nlp.text.cues import CueIndex, cue_hits, cue_regex

DEFAULT = Path(__file__).with_name("codebook.yaml")
OTHER = "Other"
LANGS = ("en", "ru", "bg", "pt", "hi")


@dataclass
class Entry:
    """One label of the codebook (a narrative or a sub-narrative)."""

    label: str  # full label, e.g. "URW: Discrediting Ukraine: Ukraine is a puppet of the West"
    domain: str
    definition: str
    examples: list[str]
    cues: dict[str, list[str]] = field(default_factory=dict)  # language -> cue prefixes
    parent: str | None = None  # narrative label, for sub-narratives
    synthetic: bool = False  # "<narrative>: Other", added by the loader
    foreign: dict[str, list[str]] = field(default_factory=dict)  # language -> example sentences

    def all_cues(self) -> list[str]:
        return [c for cs in self.cues.values() for c in cs]


@dataclass
class Codebook:
    path: str
    domains: dict[str, dict[str, list[str]]]  # domain -> language -> cues
    domain_names: dict[str, str]
    narratives: list[Entry]
    subnarratives: list[Entry]
    other: Entry

    def children(self, narrative: str) -> list[Entry]:
        return [s for s in self.subnarratives if s.parent == narrative]

    def narrative_labels(self) -> list[str]:
        return [OTHER, *(n.label for n in self.narratives)]

    def subnarrative_labels(self) -> list[str]:
        return [OTHER, *(s.label for s in self.subnarratives)]


def _cues(node: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, val in node.items():
        if key == "cues":
            out["en"] = [str(c).lower() for c in val or []]
        elif key.startswith("cues_"):
            out[key[5:]] = [str(c).lower() for c in val or []]
    return out


def _foreign(node: dict) -> dict[str, list[str]]:
    """Example sentences in other languages: ``examples_ru``, ``examples_bg``..."""
    return {k[9:]: [str(x) for x in v or []] for k, v in node.items() if k.startswith("examples_")}


def _need(node: dict, key: str, where: str) -> object:
    if key not in node or node[key] in (None, ""):
        raise UserError(f"codebook: {where} lacks {key!r}")
    return node[key]


def parse_codebook(data: dict, path: str = "<dict>") -> Codebook:
    if not isinstance(data, dict) or "domains" not in data:
        raise UserError(f"codebook {path}: no 'domains' section")
    other_node = data.get("other") or {}
    other = Entry(OTHER, "", str(other_node.get("definition", "None of the narratives.")),
                  [str(x) for x in other_node.get("examples", [])])
    domains: dict[str, dict[str, list[str]]] = {}
    names: dict[str, str] = {}
    narratives: list[Entry] = []
    subs: list[Entry] = []
    for dom, dnode in data["domains"].items():
        domains[dom] = _cues(dnode)
        names[dom] = str(dnode.get("name", dom))
        for n in dnode.get("narratives") or []:
            label = str(_need(n, "label", f"a narrative of {dom}"))
            nar = Entry(label, dom, str(_need(n, "definition", label)),
                        [str(x) for x in _need(n, "examples", label)], _cues(n), foreign=_foreign(n))
            narratives.append(nar)
            for s in n.get("subnarratives") or []:
                sl = str(_need(s, "label", f"a sub-narrative of {label}"))
                full = sl if sl.startswith(label + ": ") else f"{label}: {sl}"
                subs.append(Entry(full, dom, str(_need(s, "definition", full)),
                                  [str(x) for x in _need(s, "examples", full)], _cues(s), label,
                                  foreign=_foreign(s)))
            subs.append(Entry(f"{label}: {OTHER}", dom,
                              f"Other claims of the narrative: {nar.definition}",
                              list(nar.examples), dict(nar.cues), label, synthetic=True))
    if not narratives:
        raise UserError(f"codebook {path}: no narratives")
    return Codebook(path, domains, names, narratives, subs, other)


@lru_cache(maxsize=8)
def load_codebook(path: str | None = None) -> Codebook:
    """The codebook at ``path`` (default: the shipped one); cached per path."""
    p = Path(path) if path else DEFAULT
    if not p.is_file():
        raise UserError(f"codebook file not found: {p}")
    try:
        # libyaml's loader when built in: the same data, six times faster (start-up)
        data = yaml.load(p.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        raise UserError(f"codebook {p} is not valid YAML: {str(e).splitlines()[0]}") from None
    return parse_codebook(data, str(p))


# ---- cue matching: see cues.py (re-exported here) ---------------------------------------

__all__ = ["DEFAULT", "LANGS", "OTHER", "Codebook", "CueIndex", "Entry", "cue_hits", "cue_regex",
           "load_codebook", "parse_codebook"]
