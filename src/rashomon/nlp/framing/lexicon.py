"""Word classes for framing evidence, read from ``lexicon.yaml`` (the one lexicon format,
``rashomon.nlp.lexicon``): general English, written for Rashomon. Lemmas, lower case.

The window cues of the multilingual model (``window_cues.yaml``: one table per cue group,
language -> word stems) are read through the same loader (``window_cues``)."""

from __future__ import annotations

from pathlib import Path

from rashomon.nlp import lexicon

PATH = Path(__file__).with_name("lexicon.yaml")
WINDOW_CUES = Path(__file__).with_name("window_cues.yaml")
LEX = lexicon.load(PATH)

VIOLENCE = LEX.words("violence")
PUNISH = LEX.words("punish")
HARM_NOUNS = LEX.words("harm_nouns")
PATIENT_PREPS = LEX.words("patient_preps")
OF_PATIENT = LEX.words("of_patient")
HELP = LEX.words("help")
HELP_NOUNS = LEX.words("help_nouns")
GIVE = LEX.words("give")
PEACE = LEX.words("peace")
PEACE_NOUNS = LEX.words("peace_nouns")
SUFFER = LEX.words("suffer")
UNDERGO = LEX.words("undergo")
DECEIVE = LEX.words("deceive")
NEGATIVE_WORDS = LEX.words("negative_words")
BLAME_NOUNS = LEX.words("blame_nouns")
GOOD_MANNER = LEX.words("good_manner")
BAD_MANNER = LEX.words("bad_manner")
SMEAR = LEX.words("smear")
ACCUSE = LEX.words("accuse")
DENIAL = tuple(sorted(LEX.words("denial")))
SPEAK = LEX.words("speak")
POSITIVE_WORDS = LEX.words("positive_words")
PITY_WORDS = LEX.words("pity_words")
INNOCENT_NOUNS = tuple(sorted(LEX.words("innocent_nouns")))
# the fine role a calling word implies
FINE_OF_WORD = {str(w).lower(): str(fine) for fine, words in LEX.table("fine_of_word").items()
                for w in words}
# the fine role a deed implies for its doer, and for the one it is done to (evidence.fine_hints)
FINE_OF_DEED = {str(w).lower(): str(fine) for fine, words in LEX.table("fine_of_deed").items() for w in words}
FINE_OF_UNDERGOING = {str(w).lower(): str(fine) for fine, words in LEX.table("fine_of_undergoing").items()
                      for w in words}
# fine roles answered only on explicit evidence for them (roles.RoleClassifier.decide)
NEEDS_EVIDENCE = frozenset(str(f) for f in LEX.table("fine_needs_evidence").get("roles") or [])
# the fine role chosen when nothing points to a more specific one
GENERIC_FINE = {str(k): str(v) for k, v in LEX.table("generic_fine").items()}


def window_cues(groups: tuple[str, ...], langs: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """group -> language -> lower-case word stems, from ``window_cues.yaml`` (kept as
    written: no ё folding, the cue matcher folds case itself)."""
    lex = lexicon.load(WINDOW_CUES, fold=False)
    return {g: {lang: [str(c).lower() for c in lex.table(g).get(lang) or []] for lang in langs}
            for g in groups}
