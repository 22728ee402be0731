"""Ingest from files and folders: identity by source and content, limits, decoding, one line per failure."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

import knowledge.ingest
from bot.cli import main
from knowledge.ingest import ingest_bytes, ingest_paths
from knowledge.limits import ArticleLimits
from knowledge.pages.files import collect_files
from knowledge.sources import Source
from knowledge.store.models import Article, ArticleSource, Entity, Passage, Quote
from knowledge.store.writer import KnowledgeStore
from knowledge.workers import extraction_pool

ARTICLE = """City council approves new tram line

Published 12 March 2019

Deputy Mayor Lena Vogt said on Tuesday that the council approved the tram line.
"Construction starts next year," Vogt said.
"""
OTHER = ARTICLE.replace("tram line", "bus lane").replace("Vogt", "Okafor")
CYRILLIC = """Кулеба: Україна і Польща підпишуть угоду

Опубліковано 12 березня 2024

Міністр закордонних справ України Дмитро Кулеба заявив, що Україна і Польща підпишуть угоду про спільне виробництво \
боєприпасів. «Ми готові почати вже цього року», — сказав Кулеба журналістам у Варшаві.
"""


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


async def _articles(store: KnowledgeStore) -> list[str]:
    async with store.sessions() as session:
        return sorted((await session.execute(select(Article.file_name))).scalars())


async def _sources(store: KnowledgeStore) -> list[tuple[str, str]]:
    async with store.sessions() as session:
        rows = await session.execute(select(ArticleSource.name, Article.file_name).join(Article))
        return sorted((name, article) for name, article in rows)


def _no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("unchanged content was extracted again")

    monkeypatch.setattr(knowledge.ingest, "extract_file", refuse)
    monkeypatch.setattr(knowledge.ingest, "extract_bytes", refuse)


# ----------------------------------------------------------------------------- identity


async def test_same_file_name_in_two_folders_is_two_articles(store: KnowledgeStore, tmp_path: Path) -> None:
    _write(tmp_path, "2024-05/index.txt", ARTICLE)
    _write(tmp_path, "2024-06/index.txt", OTHER)
    first = await ingest_paths(store, [tmp_path])
    assert first.count("new") == 2 and first.failed == []
    assert await _articles(store) == ["2024-05/index.txt", "2024-06/index.txt"]
    async with store.sessions() as session:
        speakers = sorted((await session.execute(select(Quote.speaker_name))).scalars())
    assert speakers == ["Lena Okafor", "Lena Vogt"]  # neither article's facts replaced the other's


async def test_a_rerun_of_unchanged_files_reports_unchanged_without_extracting(
        store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "sub/b.txt", OTHER)
    await ingest_paths(store, [tmp_path])
    async with store.sessions() as session:
        ingested = sorted((await session.execute(select(Article.ingested_at))).scalars())
        passages = (await session.execute(select(func.count(Passage.id)))).scalar_one()
    _no_extraction(monkeypatch)
    again = await ingest_paths(store, [tmp_path])
    assert again.count("unchanged") == 2 and again.failed == []
    async with store.sessions() as session:
        assert sorted((await session.execute(select(Article.ingested_at))).scalars()) == ingested  # digest stays quiet
        assert (await session.execute(select(func.count(Passage.id)))).scalar_one() == passages


async def test_the_same_content_under_two_names_is_one_article_with_two_sources(
        store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    await ingest_paths(store, [tmp_path])
    _write(tmp_path, "copy/a-again.txt", ARTICLE)
    _no_extraction(monkeypatch)  # known content is linked, not extracted
    report = await ingest_paths(store, [tmp_path])
    assert (report.count("unchanged"), report.count("duplicate")) == (1, 1)
    assert await _sources(store) == [("a.txt", "a.txt"), ("copy/a-again.txt", "a.txt")]


async def test_a_changed_file_replaces_its_article(store: KnowledgeStore, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    await ingest_paths(store, [path])
    path.write_text(OTHER)
    report = await ingest_paths(store, [path])  # a file named on its own: the same path, the same source
    assert report.count("replaced") == 1
    assert await store.article_count() == 1
    async with store.sessions() as session:
        people = sorted((await session.execute(select(Entity.name).where(Entity.kind == "person"))).scalars())
    assert people == ["Lena Okafor"]  # the old version's person went with it


async def test_a_changed_copy_leaves_the_other_source_its_article(store: KnowledgeStore, tmp_path: Path) -> None:
    first = _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", ARTICLE)
    await ingest_paths(store, [tmp_path])
    first.write_text(OTHER)
    report = await ingest_paths(store, [tmp_path])
    assert (report.count("replaced"), report.count("unchanged")) == (1, 1)
    assert await _sources(store) == [("a.txt", "a.txt"), ("b.txt", "b.txt")]  # the old article is b.txt's now


async def test_files_named_on_their_own_with_one_name_are_two_articles(
        store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "2024-05/index.txt", ARTICLE)
    _write(tmp_path, "2024-06/index.txt", OTHER)
    monkeypatch.chdir(tmp_path)
    await ingest_paths(store, ["2024-05/index.txt"])
    report = await ingest_paths(store, ["2024-06/index.txt"])
    assert report.count("new") == 1
    assert await _articles(store) == ["2024-05/index.txt", "2024-06/index.txt"]


async def test_bytes_from_another_kind_of_source_are_ingested_under_it(store: KnowledgeStore) -> None:
    url = Source.url("https://news.example/2024/tram")
    result = await ingest_bytes(store, ARTICLE.encode(), source=url)
    again = await ingest_bytes(store, ARTICLE.encode(), source=url)
    assert (result.status, again.status) == ("new", "unchanged")
    assert await _articles(store) == ["https://news.example/2024/tram"]


async def test_bytes_can_be_extracted_in_a_worker_process(sqlite_url: str) -> None:
    store = await KnowledgeStore.open(sqlite_url)
    pool = extraction_pool(1)
    try:
        result = await ingest_bytes(store, ARTICLE.encode(), source=Source.upload("u1", "tram.txt"), executor=pool)
    finally:
        pool.shutdown()
        await store.close()
    assert result.status == "new" and result.processed is not None
    assert [p.name for p in result.processed.facts.people] == ["Lena Vogt"]


# ----------------------------------------------------------------------------- limits


async def test_a_file_over_the_size_limit_is_refused_before_it_is_read(store: KnowledgeStore, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(6 * 1024**3)  # sparse: 6 GB by stat, nothing on disk; reading it would exhaust memory
    for index in range(3):
        _write(tmp_path, f"good{index}.txt", ARTICLE.replace("tram", f"tram {index}"))
    report = await ingest_paths(store, [tmp_path])
    assert report.count("new") == 3
    assert [(r.name, r.reason) for r in report.failed] == [
        ("huge.txt", "file is 6,442,450,944 bytes, over the 2,000,000-byte limit")]


async def test_fifos_devices_and_sockets_are_refused_without_waiting(store: KnowledgeStore, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write(folder, "good.txt", ARTICLE)
    os.mkfifo(folder / "fifo.txt")  # opening it for reading would wait for a writer forever
    (folder / "zero.txt").symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.txt"))
    try:
        report = await asyncio.wait_for(ingest_paths(store, [folder, folder / "fifo.txt", "/dev/zero"]), 60)
    finally:
        server.close()
    reasons = sorted((r.name, r.reason) for r in report.failed)
    assert reasons == sorted([("/dev/zero", "not a regular file (a character device)"),
                              ("fifo.txt", "not a regular file (a FIFO)"),
                              ("socket.txt", "not a regular file (a socket)"),
                              ("zero.txt", "not a regular file (a character device)"),
                              (str(folder / "fifo.txt"), "not a regular file (a FIFO)")])
    assert report.count("new") == 1


async def test_an_article_over_its_time_budget_is_refused_and_nothing_of_it_stored(
        store: KnowledgeStore, tmp_path: Path) -> None:
    _write(tmp_path, "slow.txt", ARTICLE)
    report = await ingest_paths(store, [tmp_path], limits=ArticleLimits(seconds=1e-9))
    assert [(r.name, r.reason) for r in report.failed] == [
        ("slow.txt", "extraction took over 1e-09 s, the per-article time budget")]
    assert await store.article_count() == 0
    async with store.sessions() as session:
        assert (await session.execute(select(func.count(ArticleSource.id)))).scalar_one() == 0


# ----------------------------------------------------------------------------- decoding and content


async def test_windows_1251_cyrillic_is_stored_as_written(store: KnowledgeStore, tmp_path: Path) -> None:
    _write(tmp_path, "uk.txt", CYRILLIC.encode("cp1251"))
    report = await ingest_paths(store, [tmp_path])
    assert report.count("new") == 1, report.failed
    async with store.sessions() as session:
        text = (await session.execute(select(Article.text))).scalar_one()
    assert "Дмитро Кулеба заявив" in text


async def test_one_stray_byte_keeps_the_rest_of_a_utf8_file_and_is_counted(store: KnowledgeStore,
                                                                           tmp_path: Path) -> None:
    data = ARTICLE.replace("Tuesday", "Tuesday — “finally”").encode() + b"A stray \x92 byte.\n"
    _write(tmp_path, "stray.txt", data)
    report = await ingest_paths(store, [tmp_path])
    assert [(r.status, r.replaced_bytes, r.encoding) for r in report.results] == [("new", 1, "utf-8")]
    async with store.sessions() as session:
        text = (await session.execute(select(Article.text))).scalar_one()
    assert "Tuesday — “finally”" in text and "A stray \ufffd byte." in text


async def test_a_page_with_no_article_text_is_refused_not_stored(store: KnowledgeStore, tmp_path: Path) -> None:
    _write(tmp_path, "menu.html", "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                                  "<footer>© 2024</footer></body></html>")
    report = await ingest_paths(store, [tmp_path])
    assert [r.reason for r in report.failed] == [
        "no article text (nothing left after removing the page's navigation and boilerplate)"]
    assert await store.article_count() == 0


async def test_utf16_text_with_a_bom_is_text(store: KnowledgeStore, tmp_path: Path) -> None:
    _write(tmp_path, "utf16.txt", ARTICLE.encode("utf-16"))
    report = await ingest_paths(store, [tmp_path])
    assert report.count("new") == 1, report.failed


async def test_file_names_that_are_not_utf8_are_stored_and_shown_safely(store: KnowledgeStore,
                                                                        tmp_path: Path) -> None:
    folder = tmp_path / "zip"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 report.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())
    _write(folder, "next.txt", OTHER)
    report = await ingest_paths(store, [folder])
    assert report.count("new") == 2, report.failed
    assert await _articles(store) == ["caf\\xe9 report.txt", "next.txt"]


# ----------------------------------------------------------------------------- the command line


def test_each_bad_file_is_one_line_with_its_reason_and_the_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    _write(folder, "good.txt", ARTICLE)
    _write(folder, "empty.txt", "   \n")
    _write(folder, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _write(folder, "stray.txt", ARTICLE.replace("Tuesday", "“Tuesday”").encode() + b"\x92\n")
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe.txt"), "wb") as handle:
        handle.write(OTHER.encode())
    _write(tmp_path, "photo.jpg", b"jpeg")
    os.mkfifo(folder / "fifo.txt")
    code = main(["ingest", "--db", str(tmp_path / "kb.sqlite"), str(folder), str(tmp_path / "photo.jpg"),
                 str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[")]  # no progress bar
    assert code == 1
    assert "Traceback" not in err
    assert sorted(lines) == sorted([
        "failed: binary.txt: binary file (contains NUL bytes)",
        "failed: empty.txt: empty file",
        "failed: fifo.txt: not a regular file (a FIFO)",
        f"failed: {tmp_path / 'photo.jpg'}: unsupported file type .jpg: use .txt, .md, .html or .htm",
        f"failed: {tmp_path / 'missing.txt'}: no such file or directory",
        "warning: stray.txt: 1 byte could not be decoded as utf-8 and became U+FFFD; the rest was ingested",
    ])
    assert "3 new" in out and "5 failed" in out


def test_a_bad_setting_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_MAX_ARTICLE_SECONDS", "soon")
    code = main(["ingest", "--db", str(tmp_path / "kb.sqlite"), str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err == "factdesk: FACTDESK_MAX_ARTICLE_SECONDS: 'soon' is not a number\n"


def test_folders_are_walked_for_article_files_only(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "sub/b.html", "<html><body><p>x</p></body></html>")
    _write(tmp_path, "sub/notes.pdf", b"%PDF")
    _write(tmp_path, ".git/c.txt", "hidden")
    files, problems = collect_files([tmp_path])
    assert [f.source.key for f in files] == ["a.txt", "sub/b.html"]
    assert problems == []


async def test_when_workers_cannot_start_everything_is_extracted_in_this_process(
        store: KnowledgeStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(4):
        _write(tmp_path, f"a{index}.txt", ARTICLE.replace("tram", f"tram {index}"))

    def dying_pool(count: int) -> ProcessPoolExecutor:  # each worker exits as it starts
        return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=sys.exit, initargs=(3,))

    monkeypatch.setattr(knowledge.ingest.workers, "extraction_pool", dying_pool)
    report = await ingest_paths(store, [tmp_path], jobs=2)
    assert (report.count("new"), report.failed) == (4, [])


# ----------------------------------------------------------------------------- killed runs


def _article(i: int) -> str:
    return (f"Report {i}\n\nPublished 12 March 2019\n\nMinister Anna Kowalczyk{i} said the plant {i} "
            f"signed a contract with Acme{i} on March {1 + i % 27}, 2019.\n\n"
            f"\"We expect {i} new jobs,\" Kowalczyk{i} said.\n")


def _ingest_command(db_path: Path, folder: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "ingest", "--db", str(db_path), "--jobs", str(jobs), str(folder)]


@pytest.mark.e2e
def test_a_killed_ingest_leaves_the_store_consistent_and_the_next_run_completes_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    for i in range(40):
        _write(folder, f"a{i:02}.txt", _article(i))
    db_path = tmp_path / "kb.sqlite"
    proc = subprocess.Popen(_ingest_command(db_path, folder, 1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _stored_articles(db_path) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _stored_articles(db_path)
    assert 3 <= stored < 40, "the kill should land mid-run"
    assert _articles_without_passages(db_path) == 0
    capsys.readouterr()
    assert main(["ingest", "--db", str(db_path), "--jobs", "1", str(folder)]) == 0  # the next run, in this process
    assert f"{40 - stored} new, {stored} unchanged" in capsys.readouterr().out
    assert _stored_articles(db_path) == 40


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


@pytest.fixture
def reaped() -> Iterator[list[int]]:
    """Pids to kill after the test should it fail halfway (the test's own processes only)."""
    pids: list[int] = []
    yield pids
    for pid in _alive(set(pids)):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_ingest_leaves_no_worker_processes(tmp_path: Path, reaped: list[int]) -> None:
    folder = tmp_path / "articles"
    for i in range(8):
        _write(folder, f"a{i:02}.txt", _article(i))
    proc = subprocess.Popen(_ingest_command(tmp_path / "kb.sqlite", folder, 2),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reaped.append(proc.pid)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:  # two workers (and the resource tracker)
        workers = {pid for pid in _descendants(proc.pid)
                   if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers should have started"
    everyone = _descendants(proc.pid)
    reaped.extend(everyone)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _alive(everyone):
        time.sleep(0.1)
    assert _alive(everyone) == set()


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
