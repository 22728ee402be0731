"""Article files on disk: which files a path holds, and reading one without trusting it.

A file is checked before it is read: it must be a regular file (a FIFO would block the reader
forever, ``/dev/zero`` never ends, a socket cannot be read) and its ``stat`` size within the limit.
The read itself is bounded to the limit plus one byte, so a file that grows while it is read, or
lies about its size, still costs no more than the limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.limits import ArticleRejected
from knowledge.sources import Source, printable

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
READ_CHUNK_BYTES = 1 << 20
_FILE_TYPES = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True)
class ArticleFile:
    """A file to ingest and the source it stands for."""

    path: Path
    source: Source


@dataclass(frozen=True)
class PathProblem:
    """A path given to ingest that holds no article file, and why."""

    name: str
    reason: str


def is_article_name(name: str) -> bool:
    return Path(name).suffix.casefold() in ARTICLE_SUFFIXES


def collect_files(paths: Iterable[str | Path]) -> tuple[list[ArticleFile], list[PathProblem]]:
    """Article files under the given paths (folders walked, hidden entries skipped), and the problems.

    Entries of a folder that are not regular files but carry an article suffix are listed too, so
    that reading them refuses them with a reason instead of passing over them in silence.
    """
    files: list[ArticleFile] = []
    problems: list[PathProblem] = []
    for raw in paths:
        path = Path(raw)
        shown = printable(str(path))
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            problems.append(PathProblem(shown, "no such file or directory"))
            continue
        except OSError as exc:
            problems.append(PathProblem(shown, f"cannot read: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(mode):
            found = [ArticleFile(p, Source.file(p, root=path)) for p in _walk(path)]
            if not found:
                problems.append(PathProblem(shown, "directory holds no .txt, .md or .html articles"))
            files.extend(found)
        elif not stat.S_ISREG(mode):
            problems.append(PathProblem(shown, _not_regular(mode)))
        elif not is_article_name(path.name):
            problems.append(PathProblem(shown, f"unsupported file type {printable(path.suffix) or '(none)'}: "
                                               "use .txt, .md, .html or .htm"))
        else:
            files.append(ArticleFile(path, Source.file(path)))
    return files, problems


def _walk(root: Path) -> list[Path]:
    """Article-named entries under ``root`` in a stable order; symlinked folders are not followed."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / name for name in sorted(names)
                     if not name.startswith(".") and is_article_name(name))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_article_file(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ArticleRejected with the reason otherwise."""
    try:
        info = os.stat(path)
        _check_regular(info.st_mode)
        if info.st_size > max_bytes:
            raise ArticleRejected(f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
        # O_NONBLOCK: should the path have become a FIFO since the stat, opening it must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except ArticleRejected:
        raise
    except FileNotFoundError:
        raise ArticleRejected("no such file (removed while ingesting?)") from None
    except OSError as exc:
        raise ArticleRejected(f"cannot read: {exc.strerror or exc}") from None
    try:
        _check_regular(os.fstat(descriptor).st_mode)
        return _read_bounded(descriptor, max_bytes)
    except OSError as exc:
        raise ArticleRejected(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise ArticleRejected(_not_regular(mode))


def _not_regular(mode: int) -> str:
    kind = next((name for test, name in _FILE_TYPES if test(mode)), "an unknown kind of file")
    return f"not a regular file ({kind})"


def _read_bounded(descriptor: int, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        chunk = os.read(descriptor, min(READ_CHUNK_BYTES, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise ArticleRejected(f"file is over the {max_bytes:,}-byte limit (it grew while being read)")
    return b"".join(chunks)
