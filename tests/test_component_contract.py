"""The component contract: typed settings checked against the factory, layers checked when
a pipeline is built, scorers loaded with their component, no environment in components."""

from __future__ import annotations

import pytest

from rashomon.envconfig import from_env, merge
from rashomon.errors import UserError
from rashomon.registry import Pipeline, check_layers, component, get_component, get_scorer


@component("test_contract_echo", reads=("text",), writes=("mentions",))
def make_echo(*, times: int = 1, label: str | None = None, weights: list[float] = ()) -> object:
    def echo(doc: object) -> object:
        return doc

    echo.settings = (times, label, tuple(weights))  # type: ignore[attr-defined]
    return echo


def test_defaults_come_from_the_factory_signature() -> None:
    info = get_component("test_contract_echo")
    assert info.default_config == {"times": 1, "label": None, "weights": ()}
    assert info.factory().settings == (1, None, ())
    assert info.factory({"times": 3, "label": "x", "weights": [0.5, 1]}).settings == (3, "x", (0.5, 1))
    assert get_component("parse").default_config == {
        "gate": True, "batch_size": 64, "english_only": True, "ner_gate": True}


def test_unknown_setting_and_wrong_type_are_one_line_errors() -> None:
    info = get_component("test_contract_echo")
    with pytest.raises(UserError, match=r"has no setting 'time' \(settings: label, times, weights\)"):
        info.factory({"time": 2})
    with pytest.raises(UserError, match="setting 'times' must be int, not '2'"):
        info.factory({"times": "2"})
    with pytest.raises(UserError, match="must be int, not True"):
        info.factory({"times": True})  # a bool is no count
    with pytest.raises(UserError, match="'claims': setting 'min_confidence' must be float"):
        Pipeline(["claims"], {"claims": {"min_confidence": "high"}},
                 given=("text", "sentences", "sentences.parse", "mentions"))


def test_a_factory_must_take_keyword_settings_with_defaults() -> None:
    with pytest.raises(TypeError, match="keyword-only with a default"):
        @component("test_contract_bad")
        def make_bad(config: dict) -> object:
            return config


def test_layers_are_checked_when_the_pipeline_is_built() -> None:
    check_layers(["sentences", "gazetteer", "parse", "entities", "claims"])
    with pytest.raises(UserError, match=r"'claims' reads mentions, which no earlier component "
                                        r"writes \(before it: sentences\); add entities or gazetteer"):
        Pipeline(["sentences", "claims"])
    with pytest.raises(UserError, match=r"'gazetteer' reads sentences.*add sentences before it"):
        check_layers(["gazetteer", "sentences"])
    with pytest.raises(UserError, match="'claims' uses sentences.parse, which 'parse' writes after"):
        check_layers(["sentences", "gazetteer", "claims", "parse"])
    check_layers(["sentences", "gazetteer", "entities", "claims"])  # Russian: no spaCy parse
    with pytest.raises(UserError, match="'parse' uses mentions, which 'gazetteer' writes after it"):
        check_layers(["sentences", "parse", "gazetteer"])  # the gate reads the KB's mentions
    check_layers(["sentences", "parse"])  # without mentions the gate reads capitalised names
    check_layers(["parse"], given=("text", "sentences"))  # docs that carry their sentences


def test_scorer_is_loaded_with_its_component() -> None:
    assert callable(get_scorer("claims"))
    assert callable(get_scorer("narratives")) and callable(get_scorer("framing"))
    with pytest.raises(KeyError, match="no scorer"):
        get_scorer("sentences")


def test_components_read_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASHOMON_CLAIMS_EXTRACTOR", "llm")
    monkeypatch.setenv("RASHOMON_LLM_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("RASHOMON_LLM_MODEL", "m")
    step = get_component("claims").factory({"model": ""})
    assert step.llm is None  # only config switches the extractor


def test_environment_is_read_at_the_edge() -> None:
    env = {"RASHOMON_CODEBOOK": "cb.yaml", "RASHOMON_FRAMING_MODEL": "", "RASHOMON_NARRATIVES_MODEL": "nm"}
    got = from_env(env)
    assert got == {"framing": {"codebook": "cb.yaml"},
                   "narratives": {"codebook": "cb.yaml", "model": "nm"}}
    assert from_env({}) == {}
    assert merge(got, {"narratives": {"model": "other"}}, None)["narratives"] == {
        "codebook": "cb.yaml", "model": "other"}
