"""Which extraction code produced an article's facts: a digest of the code and word lists it ran.

An article stores the digest of the extraction it was ingested with (``articles.extracted_by``), or
none when a component failed on it. Question-time recall (:mod:`knowledge.query.recall`) reads again
only the articles whose stored facts may be incomplete: a failed component, an ingest by other
code, or an article stored before the digest was kept. Reading the files costs a few milliseconds,
once per process, and imports nothing of the extraction itself.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: What the components' output depends on, besides the article (its text and page date are stored).
SOURCES = ("extract/*.py", "text/*.py", "lexicon/__init__.py", "lexicon/data/*", "facts.py")


@cache
def extraction_digest() -> str:
    """SHA-256 (hex) over the extraction code and lexicon, file by file in name order."""
    digest = hashlib.sha256()
    for path in sorted({p for pattern in SOURCES for p in ROOT.glob(pattern) if p.is_file()}):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
