"""Where an article came from: a file under an ingest root, a URL, or a document sent to the bot.

An article is its content (the hash of its bytes); a source is one place that content was found.
The same content under two sources is one article with two sources, and a source whose content
changed moves to the new content. A source is identified by its kind and key:

- ``file``: the path relative to the folder that was ingested (``2024-05/index.txt``), so two
  folders' ``index.txt`` are two articles and a rerun on the same folder finds the same sources; a
  file named on its own is known by the path as given (relative to where ingest ran, or absolute);
- ``url``: the URL (for link and feed ingest);
- ``upload``: the upload's id (Telegram's ``file_unique_id``), named by the document's file name.

Names are made safe once, here: a file name that is not valid UTF-8 (a zip from Windows) keeps its
undecodable bytes as ``\\xNN`` escapes, and control characters are escaped, so a name can be stored
in either database and printed on one line.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SourceKind = Literal["file", "url", "upload"]
SOURCE_KINDS: tuple[str, ...] = ("file", "url", "upload")
_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def printable(name: str) -> str:
    """``name`` safe to store and to print on one line.

    Undecodable bytes of a file name (Python's surrogate escapes) become ``\\xNN``, control
    characters ``\\n``/``\\xNN``-style escapes; everything else is kept as it is.
    """
    if _SURROGATE_RE.search(name):
        name = _SURROGATE_RE.sub(_escape_surrogate, name)
    return _UNPRINTABLE_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), name)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    # U+DC80..U+DCFF stand for the undecodable bytes 0x80..0xFF (os.fsdecode's surrogateescape).
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


@dataclass(frozen=True)
class Source:
    """One place an article's content was found."""

    kind: SourceKind
    key: str  # identity within the kind: relative path, URL or upload id
    name: str  # what answers cite as the article: the relative path, the URL, the document's file name

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {self.kind!r}")
        if not self.key:
            raise ValueError("a source needs a key")

    @property
    def key_hash(self) -> str:
        """A fixed-length digest of kind and key: the unique index holds this, so keys of any length fit."""
        return hashlib.sha256(f"{self.kind}\0{self.key}".encode("utf-8", "surrogatepass")).hexdigest()

    @classmethod
    def file(cls, path: str | Path, *, root: str | Path | None = None) -> Source:
        """A file, by its path relative to ``root`` (the folder that was ingested), else as given."""
        path = Path(path)
        relative = path.relative_to(root) if root is not None else Path(os.path.normpath(path))
        key = printable(relative.as_posix())
        return cls("file", key, key)

    @classmethod
    def url(cls, url: str) -> Source:
        key = printable(url.strip())
        return cls("url", key, key)

    @classmethod
    def upload(cls, upload_id: str, file_name: str) -> Source:
        """A document sent to the bot: the upload id is its identity, the file name what is shown."""
        return cls("upload", printable(upload_id), printable(file_name) or printable(upload_id))
