"""Ingest: files and folders in, one transaction per article, a report out.

Bad input never stops the run: each file that cannot be read gets a one-line reason and the
rest still ingests. The same content twice adds nothing; a changed file replaces its article.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.extract.pipeline import ProcessedArticle, process_article
from knowledge.store.writer import KnowledgeStore, SaveOutcome, content_hash

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
MAX_ARTICLE_BYTES = int(os.environ.get("FACTDESK_MAX_ARTICLE_BYTES", 2_000_000))
FALLBACK_ENCODINGS = ("cp1252", "cp1251")
MAX_CONTROL_SHARE = 0.01
PARALLEL_FROM_FILES = 8


class ArticleRejected(ValueError):
    """A file that cannot be an article; the message is the one-line reason shown to the user."""


@dataclass(frozen=True)
class FileResult:
    name: str
    status: str  # new | unchanged | replaced | duplicate | failed
    reason: str | None = None
    outcome: SaveOutcome | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    step_seconds: Counter[str] = field(default_factory=Counter)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        facts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.facts.items())) or "none"
        return (f"articles: {self.count('new')} new, {self.count('unchanged')} unchanged, "
                f"{self.count('replaced')} replaced, {self.count('duplicate')} duplicate, "
                f"{self.count('failed')} failed; facts: {facts}; time {self.seconds:.1f} s")


def decode_article(data: bytes) -> str:
    """Text of an article file: UTF-8, else a single-byte fallback; binary data is rejected."""
    if not data.strip():
        raise ArticleRejected("empty file")
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleRejected(f"file is {len(data):,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit")
    if b"\x00" in data:
        raise ArticleRejected("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _fallback_decode(data)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise ArticleRejected("binary file (control characters)")
    if not text.strip():
        raise ArticleRejected("empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fallback_decode(data: bytes) -> str:
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = sum(ch.isalpha() for ch in text)
        if letters > 0.5 * len(text.replace(" ", "")):
            return text
    raise ArticleRejected("not UTF-8 text and no fallback encoding fits")


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Article files under the given paths, and a failure line for each path that holds none."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(FileResult(str(path), "failed", "no such file or directory"))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.casefold() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                problems.append(FileResult(str(path), "failed", "directory holds no .txt, .md or .html articles"))
            files.extend(found)
        elif path.suffix.casefold() not in ARTICLE_SUFFIXES:
            problems.append(FileResult(path.name, "failed", f"unsupported file type {path.suffix or '(none)'}: "
                                                            "use .txt, .md, .html or .htm"))
        else:
            files.append(path)
    return files, problems


def _read_and_process(path: str) -> tuple[str, ProcessedArticle | None, str | None, str | None]:
    """Worker: read, decode and extract one file (runs in a worker process for big batches)."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
        text = decode_article(data)
    except ArticleRejected as exc:
        return name, None, None, str(exc)
    except OSError as exc:
        return name, None, None, f"cannot read: {exc.strerror or exc}"
    return name, process_article(text, name), content_hash(data), None


def process_bytes(name: str, data: bytes) -> tuple[ProcessedArticle, str]:
    """Decode and extract an article that arrived as bytes (e.g. a document sent to the bot)."""
    text = decode_article(data)
    return process_article(text, name), content_hash(data)


async def ingest_paths(store: KnowledgeStore, paths: Iterable[str | Path], *,
                       progress: Callable[[int, int, str], None] | None = None,
                       jobs: int | None = None) -> IngestReport:
    """Ingest files and folders; one article per transaction."""
    started = time.perf_counter()
    files, problems = collect_files(paths)
    report = IngestReport(results=list(problems))
    workers = jobs or (min(os.cpu_count() or 1, 4) if len(files) >= PARALLEL_FROM_FILES else 1)
    processed_iter = _process_all([str(f) for f in files], workers)
    for index, (name, processed, digest, error) in enumerate(processed_iter, 1):
        if progress:
            progress(index, len(files), name)
        if error or processed is None or digest is None:
            report.results.append(FileResult(name, "failed", error or "could not be processed"))
            continue
        outcome = await store.save_article(processed, digest)
        report.results.append(FileResult(name, outcome.status, outcome=outcome))
        report.facts.update(outcome.counts)
        report.step_seconds.update(processed.timings)
    report.seconds = time.perf_counter() - started
    return report


def _process_all(paths: list[str], workers: int):
    if workers <= 1 or len(paths) < 2:
        for path in paths:
            yield _read_and_process(path)
        return
    # "spawn", not fork: the parent runs database threads (aiosqlite), and forking a threaded process
    # can copy a held lock into the child.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_read_and_process, paths, chunksize=4)
