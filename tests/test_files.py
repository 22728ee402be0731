"""Reading an article file without trusting it: regular files only, size from stat, a bounded read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.limits import ArticleRejected
from knowledge.pages import files
from knowledge.pages.files import read_article_file


def test_a_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_article_file(path, max_bytes=100) == b"x" * 100


def test_a_file_over_the_limit_by_stat_is_not_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    monkeypatch.setattr(files.os, "open", lambda *_a, **_k: pytest.fail("opened a file over the limit"))
    with pytest.raises(ArticleRejected, match="file is 101 bytes, over the 100-byte limit"):
        read_article_file(path, max_bytes=100)


def test_a_file_that_grows_past_the_limit_while_read_costs_no_more_than_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 10_000)
    real_stat, real_read = os.stat, os.read
    # stat saw 50 bytes; by the time the file is read it holds 10,000
    monkeypatch.setattr(files.os, "stat", lambda p: os.stat_result((real_stat(p).st_mode, *[0] * 5, 50, 0, 0, 0)))
    asked: list[int] = []
    monkeypatch.setattr(files.os, "read", lambda fd, n: asked.append(n) or real_read(fd, n))
    with pytest.raises(ArticleRejected, match="over the 100-byte limit"):
        read_article_file(path, max_bytes=100)
    assert sum(asked) <= 101


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleRejected, match=r"not a regular file \(a FIFO\)"):
        read_article_file(fifo, max_bytes=100)
