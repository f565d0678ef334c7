"""The entry point never shows users a traceback unless they ask for one."""

from __future__ import annotations

import pytest

from rashomon.cli import main as cli


def _boom(**_: object) -> None:  # main() calls app(obj=...)
    raise ValueError("zero-size array")


def test_an_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "app", _boom)
    monkeypatch.delenv("RASHOMON_DEBUG", raising=False)
    with pytest.raises(SystemExit) as e:
        cli.main()
    assert e.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error: ValueError: zero-size array" in err[0]


def test_the_traceback_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "app", _boom)
    monkeypatch.setenv("RASHOMON_DEBUG", "1")
    with pytest.raises(ValueError, match="zero-size"):
        cli.main()


def test_user_errors_stay_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from rashomon.errors import UserError

    def bad(**_: object) -> None:
        raise UserError("no such file: x.txt")

    monkeypatch.setattr(cli, "app", bad)
    with pytest.raises(SystemExit) as e:
        cli.main()
    assert e.value.code == 2 and capsys.readouterr().err.strip() == "rashomon: error: no such file: x.txt"
