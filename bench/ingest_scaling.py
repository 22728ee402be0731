"""Extraction time per KB at 10 KB, 100 KB and 1 MB: flat when extraction is linear in article length.

    .venv/bin/python bench/ingest_scaling.py                  # 10 KB, 100 KB, 1 MB
    .venv/bin/python bench/ingest_scaling.py --sizes 10 100   # sizes in KB
    .venv/bin/python bench/ingest_scaling.py --one-line       # the same text with no line breaks
    .venv/bin/python bench/ingest_scaling.py --one-sentence   # ... and no sentence ends either

A long article is made of the seed and test articles, each copy with its people renamed (so the
number of distinct people grows with the length, as in a long real document), then run through the
full extraction pipeline (no store). Prints ms per KB in total and per step; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from knowledge.extract.parse import load_model
from knowledge.extract.pipeline import process_article

ROOT = Path(__file__).resolve().parent.parent
SURNAME_LETTERS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"


def _made_up_name(rng: random.Random) -> str:
    word = "".join(rng.choice(SURNAME_LETTERS) + rng.choice(VOWELS) for _ in range(3))
    return word.capitalize()


def long_article(kilobytes: int, *, one_line: bool, one_sentence: bool = False, seed: int = 7) -> str:
    """An article of about ``kilobytes`` KB: the bundled articles over and over, people renamed per copy."""
    rng = random.Random(seed)
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*.txt"))
    bodies = [p.read_text(encoding="utf-8") for p in sources]
    surnames = ("Kuleba", "Umerov", "Zelenskyy", "Scholz", "Pistorius", "Stoltenberg", "Vogt", "Solberg")
    parts = ["Long report\n\nPublished 12 March 2024\n"]
    size = len(parts[0])
    index = 0
    while size < kilobytes * 1000:
        body = bodies[index % len(bodies)]
        for surname in surnames:
            body = body.replace(surname, _made_up_name(rng))
        parts.append(body)
        size += len(body.encode("utf-8")) + 2
        index += 1
    text = "\n\n".join(parts)
    if one_sentence:
        text = text.translate(str.maketrans({".": ",", "!": ",", "?": ","}))
    return " ".join(text.split()) if one_line or one_sentence else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="article sizes in KB")
    parser.add_argument("--one-line", action="store_true", help="join the article into a single line")
    parser.add_argument("--one-sentence", action="store_true", help="one line with no sentence ends at all")
    args = parser.parse_args()
    load_model()
    process_article(long_article(5, one_line=False), "warm-up.txt")
    print(f"{'size':>8} {'seconds':>8} {'ms/KB':>7}  steps (ms/KB)")
    for kilobytes in args.sizes:
        text = long_article(kilobytes, one_line=args.one_line, one_sentence=args.one_sentence)
        started = time.perf_counter()
        processed = process_article(text, "long.txt")
        elapsed = time.perf_counter() - started
        size_kb = len(text.encode("utf-8")) / 1000
        steps = "  ".join(f"{step} {1000 * seconds / size_kb:.2f}"
                          for step, seconds in sorted(processed.timings.items(), key=lambda kv: -kv[1]))
        print(f"{size_kb:>6.0f}KB {elapsed:>8.2f} {1000 * elapsed / size_kb:>7.2f}  {steps}", flush=True)


if __name__ == "__main__":
    main()
