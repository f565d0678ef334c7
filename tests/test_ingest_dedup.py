"""Language identification and near-duplicate detection."""

from __future__ import annotations

from rashomon.ingest import dedup
from rashomon.ingest.language import detect

BASE = (
    "The foreign ministers of Brazil and India met in New Delhi on Monday and agreed to expand "
    "cooperation on trade, energy and defence, officials from both countries said after the talks. "
    "They also discussed reform of the United Nations Security Council and the war in Ukraine, "
    "and promised to meet again before the end of the year in Brasilia."
)


def test_detect_languages() -> None:
    assert detect("The ministers agreed to expand cooperation on trade and energy.") == "en"
    assert detect("Министры договорились расширить сотрудничество в области торговли.") == "ru"
    assert detect("Die Minister vereinbarten, die Zusammenarbeit im Handel auszubauen.") == "de"
    assert detect("Міністри домовилися розширити співпрацю у сфері торгівлі та енергетики.") == "uk"
    assert detect("12345 -- !!!") is None


def test_signature_hex_round_trip() -> None:
    m = dedup.minhash(BASE)
    back = dedup.from_hex(dedup.to_hex(m))
    assert len(dedup.to_hex(m)) == dedup.NUM_PERM * 16
    assert back.jaccard(m) == 1.0


def test_near_duplicate_found_and_distinct_text_not() -> None:
    near = dedup.NearDuplicates()
    near.add("orig", dedup.minhash(BASE), "2024-01-02", None)
    edited = BASE.replace("Brasilia.", "Brasilia, a spokesman said.")
    assert near.find("copy", dedup.minhash(edited)) == "orig"
    other = ("Heavy rain flooded several districts of the city on Tuesday, closing schools and "
             "roads, and the weather service warned that more storms were expected this week.")
    assert near.find("other", dedup.minhash(other)) is None
    assert near.find("orig", dedup.minhash(BASE)) is None  # never a duplicate of itself


def test_near_duplicate_links_to_the_earliest_original() -> None:
    near = dedup.NearDuplicates()
    near.add("later", dedup.minhash(BASE + " Extra one."), "2024-05-01", None)
    near.add("earlier", dedup.minhash(BASE + " Extra two."), "2024-01-01", None)
    assert near.find("new", dedup.minhash(BASE + " Extra three.")) == "earlier"
    # a copy of a copy points at the root original
    near2 = dedup.NearDuplicates()
    near2.add("root", dedup.minhash(BASE), "2024-01-01", None)
    near2.add("copy", dedup.minhash(BASE + " Copy."), "2024-02-01", "root")
    assert near2.find("copy2", dedup.minhash(BASE + " Copy two.")) == "root"
