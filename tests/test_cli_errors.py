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


class _Exited(Exception):
    """Stands for os._exit in these tests (the real one would end pytest)."""


def _command(exit_now: bool, code: int | None) -> object:
    def app(obj: dict[str, bool]) -> None:  # a command that ran, then click's exit
        print("table", flush=False)
        if exit_now:
            obj["exit_now"] = True
        raise SystemExit(code)

    return app


@pytest.mark.parametrize("code", [0, 1, None])
def test_a_command_done_with_its_store_ends_the_process_at_once(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int | None) -> None:
    ended: list[int] = []

    def os_exit(n: int) -> None:
        ended.append(n)
        raise _Exited

    monkeypatch.setattr(cli, "app", _command(True, code))
    monkeypatch.setattr(cli.os, "_exit", os_exit)
    with pytest.raises(_Exited):
        cli.main()
    assert ended == [code or 0]  # the exit status kept
    assert capsys.readouterr().out == "table\n"  # its output flushed first
    assert "exit_now" not in cli.FRESH  # each run gets its own copy


def test_other_commands_exit_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "app", _command(False, 1))
    monkeypatch.setattr(cli.os, "_exit", lambda n: pytest.fail("os._exit called"))
    with pytest.raises(SystemExit) as e:
        cli.main()
    assert e.value.code == 1
