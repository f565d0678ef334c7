"""Dates in text, normalised; claims dated by their sentence and paragraph."""

from __future__ import annotations

import pytest

from rashomon.dates import claim_time, find, may_date, normalise, start

PUB = "2024-03-28"  # a Thursday


@pytest.mark.parametrize(("text", "want"), [
    ("in 2015", "2015"),
    ("since 1967", "1967/.."),
    ("since March 2022", "2022-03/.."),
    ("March 2022", "2022-03"),
    ("26 March 2024", "2024-03-26"),
    ("March 26, 2024", "2024-03-26"),
    ("2024-02-10", "2024-02-10"),
    ("the 1990s", "1990/1999"),
    ("from 2014 to 2016", "2014/2016"),
    ("2014-16", "2014/2016"),
    ("March 28", "2024-03-28"),  # completed from the publication date
    ("Jan 12", "2024-01-12"),
    ("December 30", "2023-12-30"),  # after the publication's day: the year before
    ("Tuesday", "2024-03-26"),
    ("last month", "2024-02"),
    ("this week", "2024-03-25/2024-03-31"),
    ("yesterday", "2024-03-27"),
])
def test_normalise(text, want):
    assert normalise(text, PUB) == want


@pytest.mark.parametrize("text", ["four days", "Niger", "May", "300 people", "", None,
                                  "the past decade"])
def test_not_dates(text):
    assert normalise(text, PUB) is None


def test_relative_dates_need_an_anchor():
    assert normalise("Tuesday") is None and normalise("March 28") is None
    assert normalise("in 2015") == "2015"


def test_find_and_start():
    text = "Britain has been part of the coalition since 2014, and struck the group in 2015."
    assert [v for _, _, v in find(text)] == ["2014/..", "2015"]
    assert start("2014/..") == "2014" and start("2024-03-25/2024-03-31") == "2024-03-25"
    assert start("Tuesday") is None and start(None) is None


@pytest.mark.parametrize("text", [
    "Russia accused the West of arming Ukraine, the Kremlin said.",
    "The ministers met in Brussels and pledged support, May said.",
    "NATO's summit ended with a joint statement in Vilnius.",
])
def test_a_text_that_may_date_nothing_dates_nothing_in_any_part(text):
    assert not may_date(text)
    for i in range(len(text)):  # every part of it, as a DATE entity would be read
        for j in range(i + 1, len(text) + 1):
            assert normalise(text[i:j], PUB) is None
    assert claim_time(text, 0, len(text), text[:12], PUB) == claim_time(text, 0, len(text), None, PUB)


@pytest.mark.parametrize("text", ["in 2015", "on Tuesday", "Yesterday", "last WEEK", "since 1967",
                                  "26 March 2024", "this month", "tonight", "the 1990s"])
def test_may_date_keeps_every_date(text):
    assert find(text, PUB) and may_date(text)


def test_claim_time_from_sentence_then_paragraph():
    text = ("LONDON, March 28 - Britain rejected the claim.\n\n"
            "Britain joined the coalition in 2014. It has struck the group ever since.\n\n"
            "Officials spoke four days later.")
    s2 = text.index("It has")
    s3 = text.index("Officials")
    assert claim_time(text, 0, text.index("\n"), None, PUB) == "2024-03-28"
    assert claim_time(text, s2, text.index("\n\nOff"), None, PUB) == "2014"  # the paragraph
    assert claim_time(text, s3, len(text), None, PUB) is None  # not a date: nothing stored
    assert claim_time(text, s3, len(text), "four days", PUB) is None
    assert claim_time(text, s3, len(text), "last month", PUB) == "2024-02"


def test_graph_and_slider_use_claim_dates(tmp_path):
    from fastapi.testclient import TestClient

    from rashomon.api.app import create_app
    from rashomon.graph import pairs, timeline
    from rashomon.graph.synth import story
    from rashomon.store import open_store

    with open_store(tmp_path / "d.duckdb") as st:
        st.save([
            story("a", "Wire", "2024-03-28", [
                ("Britain", "attack", "ISIS", {"time": "2014/.."}),
                ("Britain", "support", "Ukraine"),  # undated in the text: published
                ("Russia", "attack", "ISIS", {"time": "Tuesday"})]),  # no date: ignored
        ])
        t = timeline(st, "Britain", "ISIS")
        assert [p["period"] for p in t] == ["2014"]
        assert set(pairs(st, until="2015")[["a", "b"]].itertuples(index=False, name=None)) == {
            ("Britain", "ISIS")}
        assert len(pairs(st, since="2024-03")) == 2  # Ukraine (published) and Russia-ISIS
        f = TestClient(create_app(st)).get("/api/facets").json()
        assert (f["since"], f["until"]) == ("2014-01", "2024-03-28")
