"""Every word list of ``knowledge/`` lives in the lexicon, one file per concept.

When a list of English words is spelled out in a module, the next module writes its own copy and the two
drift apart (two particle lists once made "Guillermo del Toro said ..." yield no person). This test reads
the code of ``knowledge/`` and fails on a literal collection of eight or more words. Not words in this
sense: spaCy's labels (dependency relations, part-of-speech tags, entity types), HTML element names in
the page modules, the markup vocabulary of page metadata, single letters, and identifiers of the code
(``__all__``, the names of a module's regex groups).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from lxml.html import defs
from spacy.glossary import GLOSSARY

ROOT = Path(__file__).resolve().parent.parent
MIN_ENTRIES = 8
LABELS = set(GLOSSARY)  # as the code writes them: "nsubj", "PROPN", "ORG"
HTML_NAMES = {name.casefold() for name in defs.tags | defs.html5_tags}
# Modules whose lists are the vocabulary of page markup (schema.org types, meta names), not of English.
MARKUP_MODULES = {"knowledge/pages/htmlmeta.py"}


def _is_word(value: str, *, markup: bool) -> bool:
    bare = value.replace(" ", "").replace("-", "").replace("'", "").replace("’", "")
    return len(bare) > 1 and bare.isalpha() and value not in LABELS and not (markup and value.casefold() in HTML_NAMES)


def _exported(node: ast.AST, tree: ast.Module) -> bool:
    return any(
        isinstance(stmt, ast.Assign)
        and stmt.value is node
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets)
        for stmt in tree.body
    )


def word_lists_in(source: str, *, markup: bool = False) -> list[tuple[int, list[str]]]:
    """(line, words) of each literal set, list, tuple, dict (its keys) or split string of eight or more words;
    with ``markup`` (a module that reads HTML), HTML element names are no words."""
    tree = ast.parse(source)
    groups = set(re.findall(r"\(\?P<(\w+)>", source))  # names of regex groups the code tells apart
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple, ast.Dict)) and not _exported(node, tree):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            words = [
                e.value
                for e in items
                if isinstance(e, ast.Constant) and isinstance(e.value, str) and _is_word(e.value, markup=markup)
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            words = [w for w in node.func.value.value.split() if _is_word(w, markup=markup)]
        else:
            continue
        if len(words) >= MIN_ENTRIES and not set(words) <= groups:
            found.append((node.lineno, words))
    return found


def test_the_detector_finds_a_word_list_and_passes_labels_and_short_sets() -> None:
    assert word_lists_in(
        'TITLES = {"minister", "secretary", "mayor", "governor", "envoy", "chief", "premier", "chair"}'
    )
    assert word_lists_in('STOP = """a an the of in on at to for""".split()')
    assert not word_lists_in('DEPS = {"nsubj", "dobj", "pobj", "prep", "amod", "compound", "conj", "appos"}')
    tags = 'SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "svg"}'
    assert not word_lists_in(tags, markup=True)
    assert word_lists_in(tags)
    assert not word_lists_in('KINDS = {"signed", "agreed", "planned"}')
    kinds = '", "'.join(f"k{i}" for i in range(8))
    groups = "".join(f"(?P<k{i}>x)" for i in range(8))
    assert not word_lists_in(f'RE = r"{groups}"\nKINDS = ("{kinds}")')


def test_no_module_of_knowledge_spells_out_a_word_list() -> None:
    offenders = []
    for path in sorted((ROOT / "knowledge").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("knowledge/lexicon/") or "migrations" in relative or relative in MARKUP_MODULES:
            continue
        markup = relative.startswith("knowledge/pages/")
        for line, words in word_lists_in(path.read_text(encoding="utf-8"), markup=markup):
            offenders.append(f"{relative}:{line}: {len(words)} words ({', '.join(words[:4])}, ...)")
    assert not offenders, "word lists in the code (move each to knowledge/lexicon/data):\n" + "\n".join(offenders)
