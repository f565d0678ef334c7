"""Russian claims: natasha (slovnet UD syntax) + a Russian lexicon + a learned pair model.

``extract.py`` finds claims sentence by sentence with the same Claim/evidence contract as
the English path; ``features.py`` and ``model.py`` score actor pairs with the shipped model
(``ru_pairs.npz``), which ``python -m rashomon.nlp.claims.ru.train`` regenerates from
every ``data/claims/ru-*.jsonl``.
"""

# languages with a claim extractor (None: not identified, read as English)
LANGUAGES = frozenset({"en", "ru", None})
