"""Ingest from files and folders: edge cases, idempotence, and a killed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from knowledge.ingest import ArticleRejected, collect_files, decode_article, ingest_paths
from knowledge.store.models import Article, Passage
from knowledge.store.writer import KnowledgeStore

ARTICLE = """City council approves new tram line

Published 12 March 2019

Deputy Mayor Lena Vogt said on Tuesday that the council approved the tram line.
"Construction starts next year," Vogt said.
"""


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


async def test_each_bad_file_gets_a_reason_and_the_rest_still_ingests(store: KnowledgeStore, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", ARTICLE)
    empty = _write(tmp_path, "empty.txt", "   \n")
    binary = _write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    wrong_type = _write(tmp_path, "photo.jpg", b"jpeg")
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    report = await ingest_paths(store, [good, empty, binary, wrong_type, tmp_path / "missing.txt", empty_dir])
    reasons = {r.name: r.reason for r in report.failed}
    assert report.count("new") == 1
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "unsupported file type .jpg" in reasons["photo.jpg"]
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or directory"
    assert "holds no" in reasons[str(empty_dir)]
    assert "1 new" in report.summary() and "5 failed" in report.summary()


def test_files_over_the_size_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.ingest.MAX_ARTICLE_BYTES", 100)
    with pytest.raises(ArticleRejected, match="over the 100-byte limit"):
        decode_article(b"word " * 50)


def test_non_utf8_text_falls_back_to_a_single_byte_encoding() -> None:
    assert decode_article("Café au lait in Zürich".encode("cp1252")) == "Café au lait in Zürich"


def test_crlf_line_ends_become_newlines() -> None:
    assert decode_article(b"one\r\ntwo\r\n") == "one\ntwo\n"


def test_folders_are_walked_for_article_files_only(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "b.html", "<html><body><p>x</p></body></html>")
    _write(tmp_path / "sub", "notes.pdf", b"%PDF")
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git", "c.txt", "hidden")
    files, problems = collect_files([tmp_path])
    assert sorted(f.name for f in files) == ["a.txt", "b.html"]
    assert problems == []


async def test_ingesting_twice_leaves_identical_counts(store: KnowledgeStore, tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", ARTICLE.replace("tram line", "bus lane").replace("Vogt", "Okafor"))
    first = await ingest_paths(store, [tmp_path])
    async with store.sessions() as session:
        passages = (await session.execute(select(func.count(Passage.id)))).scalar_one()
    second = await ingest_paths(store, [tmp_path])
    async with store.sessions() as session:
        passages_again = (await session.execute(select(func.count(Passage.id)))).scalar_one()
    assert first.count("new") == 2 and second.count("unchanged") == 2
    assert passages == passages_again


async def test_a_changed_file_is_replaced(store: KnowledgeStore, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    await ingest_paths(store, [path])
    path.write_text(ARTICLE.replace("next year", "in 2021"))
    report = await ingest_paths(store, [path])
    assert report.count("replaced") == 1
    assert await store.article_count() == 1


def _article(i: int) -> str:
    return (f"Report {i}\n\nPublished 12 March 2019\n\nMinister Anna Kowalczyk{i} said the plant {i} "
            f"signed a contract with Acme{i} on March {1 + i % 27}, 2019.\n\n"
            f"\"We expect {i} new jobs,\" Kowalczyk{i} said.\n")


@pytest.mark.e2e
def test_a_killed_ingest_leaves_the_store_consistent_and_the_next_run_completes_it(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(40):
        _write(folder, f"a{i:02}.txt", _article(i))
    db_path = tmp_path / "kb.sqlite"
    command = [sys.executable, "-m", "bot.cli", "ingest", "--db", str(db_path), "--jobs", "1", str(folder)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _stored_articles(db_path) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _stored_articles(db_path)
    assert 3 <= stored < 40, "the kill should land mid-run"
    assert _articles_without_passages(db_path) == 0
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{40 - stored} new, {stored} unchanged" in done.stdout
    assert _stored_articles(db_path) == 40


def _query(db_path: Path, sql: str) -> int:
    import sqlite3

    if not db_path.exists():
        return 0
    try:
        with sqlite3.connect(db_path, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # schema not created yet


def _stored_articles(db_path: Path) -> int:
    return _query(db_path, "SELECT count(*) FROM articles")


def _articles_without_passages(db_path: Path) -> int:
    return _query(db_path, "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                           "(SELECT 1 FROM passages p WHERE p.article_id = a.id)")


async def test_article_rows_keep_the_page_date_and_how_it_was_found(store: KnowledgeStore, tmp_path: Path) -> None:
    await ingest_paths(store, [_write(tmp_path, "a.txt", ARTICLE)])
    async with store.sessions() as session:
        article = (await session.execute(select(Article))).scalars().one()
    assert (article.page_date, article.date_kind) == ("2019-03-12", "stated")
    assert article.date_evidence == "Published 12 March 2019"
