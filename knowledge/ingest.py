"""Ingest: files, folders and bytes in, one transaction per article, a report out.

Bad input never stops the run: each file that cannot be an article gets a one-line reason and the
rest still ingests. An article is its content: a file is read (within the limits), hashed and
looked up before anything is extracted, so a rerun over unchanged files only reads and hashes
them; the same content under another name adds a source, not an article; a file whose content
changed replaces its article.

Extraction is the slow part. It runs in worker processes only when the work pays for their
start-up (by the bytes still to extract, not the number of files); each worker loads the model
once, and this process stays the one writer. Workers exit when this process dies, even by SIGKILL.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import aclosing
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from knowledge import workers
from knowledge.extract.pipeline import ProcessedArticle, process_article
from knowledge.facts import PageDate
from knowledge.limits import ArticleLimits, ArticleRejected, Deadline
from knowledge.pages.decode import decode_article
from knowledge.pages.files import ARTICLE_SUFFIXES, ArticleFile, collect_files, read_article_file
from knowledge.sources import Source
from knowledge.store.db import StoreBusy
from knowledge.store.writer import KnowledgeStore, SaveOutcome, content_hash

__all__ = ["ARTICLE_SUFFIXES", "ArticleLimits", "ArticleRejected", "FileResult", "IngestReport", "ingest_bytes",
           "ingest_paths", "process_bytes"]

logger = logging.getLogger("factdesk.ingest")

#: Start worker processes only for at least this many bytes still to extract: a worker costs about
#: two seconds to start and load the model (see bench/ingest_speed.py), which pays off from here.
PARALLEL_FROM_BYTES = 400_000
MAX_WORKERS = 4
IN_FLIGHT_PER_WORKER = 2  # articles queued per worker: keeps workers busy while this process writes


@dataclass(frozen=True)
class FileResult:
    name: str
    status: str  # new | unchanged | replaced | duplicate | failed
    reason: str | None = None
    outcome: SaveOutcome | None = None
    replaced_bytes: int = 0  # bytes that could not be decoded and became U+FFFD
    encoding: str | None = None
    processed: ProcessedArticle | None = None  # the extracted article, for callers that report on it (uploads)


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    step_seconds: Counter[str] = field(default_factory=Counter)
    store_seconds: float = 0.0  # time this process spent writing articles
    workers: int = 1
    aborted: str | None = None  # why the run stopped early (the database stayed locked)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def damaged(self) -> list[FileResult]:
        """Files ingested although some of their bytes could not be decoded."""
        return [r for r in self.results if r.status != "failed" and r.replaced_bytes]

    def summary(self) -> str:
        facts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.facts.items())) or "none"
        return (f"articles: {self.count('new')} new, {self.count('unchanged')} unchanged, "
                f"{self.count('replaced')} replaced, {self.count('duplicate')} duplicate, "
                f"{self.count('failed')} failed; facts: {facts}; time {self.seconds:.1f} s")


@dataclass(frozen=True)
class Extracted:
    """What extracting one article gave: the processed article, or the reason it was refused."""

    processed: ProcessedArticle | None
    digest: str | None
    reason: str | None = None
    replaced_bytes: int = 0
    encoding: str | None = None


def extract_bytes(data: bytes, name: str, limits: ArticleLimits) -> Extracted:
    """Decode and extract one article within its time budget; a refusal is a reason, not an exception."""
    digest = content_hash(data)
    deadline = Deadline(limits.seconds)
    try:
        decoded = decode_article(data)
        processed = process_article(decoded.text, name, deadline=deadline)
    except ArticleRejected as exc:
        return Extracted(None, digest, str(exc))
    return Extracted(processed, digest, replaced_bytes=decoded.replaced_bytes, encoding=decoded.encoding)


def extract_file(path: Path, name: str, limits: ArticleLimits) -> Extracted:
    """Read one file within the size limit and extract it (what a worker process runs)."""
    try:
        data = read_article_file(path, max_bytes=limits.max_bytes)
    except ArticleRejected as exc:
        return Extracted(None, None, str(exc))
    return extract_bytes(data, name, limits)


def process_bytes(name: str, data: bytes, *, limits: ArticleLimits | None = None) -> tuple[ProcessedArticle, str]:
    """Decode and extract an article that arrived as bytes; ArticleRejected with the reason otherwise."""
    limits = limits or ArticleLimits()
    limits.check_size(len(data))
    extracted = extract_bytes(data, name, limits)
    if extracted.processed is None or extracted.digest is None:
        raise ArticleRejected(extracted.reason or "could not be processed")
    return extracted.processed, extracted.digest


async def ingest_bytes(store: KnowledgeStore, data: bytes, *, source: Source,
                       limits: ArticleLimits | None = None, executor: Executor | None = None,
                       read_as: str | None = None, digest: str | None = None,
                       date_if_unstated: PageDate | None = None) -> FileResult:
    """Ingest one article that arrived as bytes (an upload, a fetched page) under ``source``.

    Known content is linked without extraction. Extraction runs on ``executor`` (a process pool from
    :func:`knowledge.workers.extraction_pool` keeps a long article from slowing this process's event
    loop), else in a thread. Refusals come back as a failed :class:`FileResult` with the reason;
    StoreBusy propagates. ``read_as`` is the file name extraction sees instead of the source's name
    (its suffix says HTML or text: a fetched page is read by its content type, not by its URL);
    ``digest`` is the content's identity when it is not the hash of the bytes (a web page: of its text);
    ``date_if_unstated`` is the page's date when the page itself states none (a feed item's date).
    """
    limits = limits or ArticleLimits()
    try:
        limits.check_size(len(data))
    except ArticleRejected as exc:
        return FileResult(source.name, "failed", str(exc))
    digest = digest or content_hash(data)
    known = await store.known_content(source, digest)
    if known is not None:
        return FileResult(source.name, known.status, outcome=known)
    loop = asyncio.get_running_loop()
    extracted = await loop.run_in_executor(executor, extract_bytes, data, read_as or source.name, limits)
    if extracted.digest is not None:
        extracted = replace(extracted, digest=digest)
    if extracted.processed is not None and extracted.processed.page_date.date is None and date_if_unstated:
        extracted = replace(extracted, processed=replace(extracted.processed, page_date=date_if_unstated))
    return await _save(store, source, extracted, keep_processed=True)


async def _save(store: KnowledgeStore, source: Source, extracted: Extracted, *,
                keep_processed: bool = False) -> FileResult:
    if extracted.processed is None or extracted.digest is None:
        return FileResult(source.name, "failed", extracted.reason or "could not be processed")
    outcome = await store.save_article(extracted.processed, extracted.digest, source=source)
    return FileResult(source.name, outcome.status, outcome=outcome, replaced_bytes=extracted.replaced_bytes,
                      encoding=extracted.encoding, processed=extracted.processed if keep_processed else None)


async def ingest_paths(store: KnowledgeStore, paths: Iterable[str | Path], *,
                       limits: ArticleLimits | None = None,
                       progress: Callable[[int, int, str], None] | None = None,
                       jobs: int | None = None) -> IngestReport:
    """Ingest files and folders, one article per transaction; ``jobs`` forces the number of workers.

    Two tasks: one reads and hashes the files and links known content (no extraction), handing the
    others on; the other extracts those (in workers once they pay off) and writes them. Workers can
    therefore start while the first task is still reading a large folder.
    """
    limits = limits or ArticleLimits()
    started = time.perf_counter()
    files, problems = collect_files(paths)
    report = IngestReport(results=[FileResult(p.name, "failed", p.reason) for p in problems])
    done = 0

    def record(result: FileResult) -> None:
        nonlocal done
        report.results.append(result)
        if result.outcome is not None:
            report.facts.update(result.outcome.counts)
        done += 1
        if progress:
            progress(done, len(files), result.name)

    plan = _WorkerPlan(jobs)
    unknown: asyncio.Queue[ArticleFile | None] = asyncio.Queue()
    finder = asyncio.create_task(_find_unknown(store, files, limits, record, unknown, plan))
    try:
        async with aclosing(_extract_all(unknown, plan, limits)) as extracted_files:  # workers end here
            async for file, extracted in extracted_files:
                if extracted.processed is not None:
                    report.step_seconds.update(extracted.processed.timings)
                writing = time.perf_counter()
                record(await _guarded(_save(store, file.source, extracted), file.source.name))
                report.store_seconds += time.perf_counter() - writing
        await finder
    except StoreBusy as exc:
        report.aborted = str(exc)
    finally:
        if not finder.done():
            finder.cancel()
        await asyncio.gather(finder, return_exceptions=True)
    report.workers = plan.workers or 1
    report.seconds = time.perf_counter() - started
    return report


async def _guarded(saving, name: str) -> FileResult:
    """A save whose failure is one file's failure (StoreBusy still ends the run)."""
    try:
        return await saving
    except StoreBusy:
        raise
    except SQLAlchemyError as exc:
        logger.debug("storing %s failed", name, exc_info=True)
        return FileResult(name, "failed", f"could not be stored: {_first_line(exc)}")


class _WorkerPlan:
    """How many extraction workers to use, decided once the work is known to pay for their start-up."""

    def __init__(self, jobs: int | None):
        self.jobs = jobs
        self.workers: int | None = None
        self.decided = asyncio.Event()
        self._bytes = 0
        self._files = 0

    def add(self, size: int) -> None:
        """One more file to extract, of ``size`` bytes."""
        self._bytes += size
        self._files += 1
        if self.workers is None and (self.jobs is not None or self._bytes >= PARALLEL_FROM_BYTES):
            self._decide(max(1, self.jobs) if self.jobs is not None
                         else max(1, min(workers.available_cores(), MAX_WORKERS)))

    def finish(self) -> None:
        """No more files: what is left below the threshold is extracted in this process."""
        if self.workers is None:
            self._decide(1)

    def _decide(self, count: int) -> None:
        self.workers = count
        self.decided.set()


async def _find_unknown(store: KnowledgeStore, files: list[ArticleFile], limits: ArticleLimits,
                        record: Callable[[FileResult], None], unknown: asyncio.Queue[ArticleFile | None],
                        plan: _WorkerPlan) -> None:
    """Read and hash each file; known content is linked and recorded, the rest queued for extraction."""
    try:
        for file in files:
            try:
                data = await asyncio.to_thread(read_article_file, file.path, max_bytes=limits.max_bytes)
            except ArticleRejected as exc:
                record(FileResult(file.source.name, "failed", str(exc)))
                continue
            try:
                known = await store.known_content(file.source, content_hash(data))
            except StoreBusy:
                raise
            except SQLAlchemyError as exc:
                logger.debug("looking up %s failed", file.source.name, exc_info=True)
                record(FileResult(file.source.name, "failed", f"could not be looked up: {_first_line(exc)}"))
                continue
            if known is not None:
                record(FileResult(file.source.name, known.status, outcome=known))
            else:
                plan.add(len(data))
                await unknown.put(file)
    finally:
        plan.finish()
        await unknown.put(None)


async def _extract_all(unknown: asyncio.Queue[ArticleFile | None], plan: _WorkerPlan, limits: ArticleLimits
                       ) -> AsyncIterator[tuple[ArticleFile, Extracted]]:
    """Extracted articles in the order they were queued; a few are in flight while the caller writes."""
    await plan.decided.wait()
    worker_count = plan.workers or 1

    def new_executor(count: int) -> Executor:
        return workers.extraction_pool(count) if count > 1 else ThreadPoolExecutor(1)

    executor = new_executor(worker_count)
    served = 0  # articles the current executor has returned
    retry: deque[ArticleFile] = deque()
    in_flight: deque[tuple[ArticleFile, Future[Extracted]]] = deque()
    input_done = False
    try:
        while retry or in_flight or not input_done:
            while len(in_flight) < IN_FLIGHT_PER_WORKER * worker_count:
                if retry:
                    file: ArticleFile | None = retry.popleft()
                elif input_done or (in_flight and unknown.empty()):
                    break  # results are due: do not wait for more input now
                else:
                    file = await unknown.get()
                    if file is None:
                        input_done = True
                        break
                in_flight.append((file, executor.submit(extract_file, file.path, file.source.name, limits)))
            if not in_flight:
                continue
            file, future = in_flight.popleft()
            try:
                extracted = await asyncio.wrap_future(future)
                served += 1
            except BrokenProcessPool:
                executor.shutdown(wait=False, cancel_futures=True)
                retry.extend(other for other, _ in in_flight)
                in_flight.clear()
                if not served:  # the workers never started: extract everything in this process instead
                    retry.appendleft(file)
                    worker_count = 1
                    executor = new_executor(worker_count)
                    continue
                # A worker died mid-run (the OOM killer?): this file fails, the others go to a new pool.
                extracted = Extracted(None, None, "the extraction worker died while reading it (out of memory?)")
                executor, served = new_executor(worker_count), 0
            except Exception as exc:  # a bug in extraction: this file fails, the run goes on
                logger.debug("extracting %s failed", file.source.name, exc_info=True)
                extracted = Extracted(None, None, f"internal error while extracting: {_first_line(exc)}")
            yield file, extracted
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__

