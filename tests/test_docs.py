"""Docs that cannot drift from code: every setting and CLI command is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import _parser
from bot.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in README


def test_every_cli_command_is_documented() -> None:
    sub = next(a for a in _parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert f"factdesk {command}" in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q"
    assert command in README and command in ci


def test_dockerfile_runs_the_factdesk_entry_point() -> None:
    dockerfile = (Path(__file__).resolve().parent.parent / "Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["factdesk"]' in dockerfile and 'CMD ["run"]' in dockerfile
    assert "USER factdesk" in dockerfile and 'VOLUME ["/data"]' in dockerfile
