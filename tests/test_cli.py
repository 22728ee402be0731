"""The factdesk command as a user runs it: ingest, ask, ask --json (the answer contract).

The commands run in this process (``bot.cli.main`` with its own arguments, standard streams and
environment), which is what the user's shell would start; two smoke tests start the real program.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ARTICLE = """Harbour city signs ferry contract

Published 3 March 2024

Mayor Ingrid Solberg said the city council signed a contract with Nordfjord Ferries on March 1, 2024.

"We will have electric ferries on every route by 2026," Solberg said at a press conference.

Transport Director Mats Eriksen, who leads the harbour office, said the first ferry arrives next year.
"""


def factdesk(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``factdesk ARGS`` in this process: its exit code and what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(["factdesk", *args], code, out.getvalue(), err.getvalue())


def real_factdesk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Start the real program, as a shell would."""
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("articles")
    (folder / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    db = folder.parent / "kb.sqlite"
    done = factdesk("ingest", "--db", str(db), str(folder))
    assert done.returncode == 0, done.stderr
    assert "1 new" in done.stdout
    return folder, db


def test_ask_json_answers_one_line_per_question_in_order(corpus: tuple[Path, Path]) -> None:
    folder, db = corpus
    questions = ["/who Solberg", "/when ferry contract", "/nonsense", "/who", "/deals Nordfjord Ferries", "/sources"]
    done = factdesk("ask", "--json", "--db", str(db), stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["command"] for a in answers] == ["who", "when", "nonsense", "who", "deals", "sources"]
    assert all(set(a) >= {"command", "query", "verdict", "facts"} for a in answers)
    assert "unknown command" in answers[2]["error"] and answers[2]["facts"] == []
    assert answers[3]["error"].startswith("Usage: /who")
    raw = (folder / "ferry.txt").read_text()
    for answer in answers:
        for fact in answer["facts"]:
            assert " ".join(fact["snippet"].split()) in " ".join(raw.split())
            assert fact["source"] == {"article": "ferry.txt", "title": "Harbour city signs ferry contract",
                                      "date": "2024-03-03", "date_kind": "stated"}


def test_who_finds_the_person_with_role_and_quote(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    answer = json.loads(factdesk("ask", "--json", "--db", str(db), "/who ingrid solbreg").stdout)
    kinds = {(f["kind"], f.get("name") or f.get("speaker")) for f in answer["facts"]}
    assert ("person", "Ingrid Solberg") in kinds
    assert ("quote", "Ingrid Solberg") in kinds
    person = next(f for f in answer["facts"] if f["kind"] == "person")
    assert person["role"] == "Mayor"


def test_deals_and_events_carry_status_and_dates(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    deal = json.loads(factdesk("ask", "--json", "--db", str(db), "/deals Nordfjord Ferries").stdout)["facts"][0]
    assert deal["status"] == "signed" and deal["date"] == "2024-03-01"
    assert any("Nordfjord Ferries" in p for p in deal["parties"])
    events = json.loads(factdesk("ask", "--json", "--db", str(db), "/when first ferry arrives").stdout)["facts"]
    assert events and events[0]["date"] == "2025" and events[0]["date_text"] == "next year"


def test_sources_snippet_is_the_date_line(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    facts = json.loads(factdesk("ask", "--json", "--db", str(db), "/sources").stdout)["facts"]
    assert facts == [{"kind": "article", "title": "Harbour city signs ferry contract",
                      "snippet": "Published 3 March 2024",
                      "source": {"article": "ferry.txt", "title": "Harbour city signs ferry contract",
                                 "date": "2024-03-03", "date_kind": "stated"}}]


def test_nothing_found_is_an_empty_list(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    answer = json.loads(factdesk("ask", "--json", "--db", str(db), "/who Angela Merkel").stdout)
    assert answer["facts"] == []


def test_readable_answer_quotes_the_snippet_and_date(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    done = factdesk("ask", "--db", str(db), "/who Solberg")
    assert "Ingrid Solberg — Mayor" in done.stdout
    assert "2024-03-03" in done.stdout


def test_first_run_ingests_the_seed_folder(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "new" / "kb.sqlite"
    done = factdesk("ask", "--json", "--db", str(db), "/who Eriksen", env={"FACTDESK_SEED_DIR": str(seeds)})
    assert done.returncode == 0, done.stderr
    assert "ingesting the bundled seed articles" in done.stderr
    facts = json.loads(done.stdout)["facts"]
    assert facts[0]["name"] == "Mats Eriksen" and facts[0]["role"] == "Transport Director"


def test_ingest_exits_non_zero_when_a_file_fails(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    done = factdesk("ingest", "--db", str(tmp_path / "kb.sqlite"), str(tmp_path / "ok.txt"),
                    str(tmp_path / "missing.txt"))
    assert done.returncode == 1
    assert "missing.txt: no such file or directory" in done.stderr
    assert "1 new" in done.stdout


def test_a_directory_as_database_is_a_clear_error(tmp_path: Path) -> None:
    done = factdesk("ask", "--db", str(tmp_path), "/who x")
    assert done.returncode == 2
    assert "is a directory" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("claim", "verdict"), [
    ("the city council signed a contract with Nordfjord Ferries on March 1, 2024", "supported"),
    ("the city council signed a contract with Nordfjord Ferries on March 5, 2024", "contradicted"),
    ("the city council signed a contract with Boeing to buy aircraft", "not_enough_info"),
])
def test_check_gives_a_verdict_with_evidence(corpus: tuple[Path, Path], claim: str, verdict: str) -> None:
    _, db = corpus
    answer = json.loads(factdesk("ask", "--json", "--db", str(db), f"/check {claim}").stdout)
    assert answer["verdict"] == verdict
    if verdict != "not_enough_info":
        assert answer["facts"] and answer["facts"][0]["source"]["article"] == "ferry.txt"
        assert answer["reason"]


def test_ask_json_answers_a_blank_line_too(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    done = factdesk("ask", "--json", "--db", str(db), stdin="/who Solberg\n\n/sources\n")
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["command"] for a in answers] == ["who", "", "sources"]
    assert answers[1]["error"] == "empty line"


@pytest.mark.e2e
def test_the_program_streams_one_json_answer_per_line(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    done = real_factdesk("ask", "--json", "--db", str(db), stdin="/who Solberg\n\n/sources\n")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["command"] for a in answers] == ["who", "", "sources"]
    assert answers[0]["facts"][0]["name"] == "Ingrid Solberg"


#: What answering from an existing, current database has no use for, and costs a cold start: the parser, page
#: cleaning, migrations, the network and Telegram stacks, and the write path (entity resolution, the ORM's mappers).
NOT_FOR_ANSWERING = ("spacy", "trafilatura", "alembic", "httpx", "feedparser", "telegram",
                     "knowledge.store.writer", "knowledge.store.models", "knowledge.resolve", "knowledge.ingest")


@pytest.mark.e2e
@pytest.mark.parametrize("mode", ["text", "json"])
def test_asking_an_existing_database_loads_no_extraction_migration_network_or_writing_code(
        corpus: tuple[Path, Path], mode: str) -> None:
    _, db = corpus
    flags = ["--json"] if mode == "json" else []
    probe = ("import sys\nfrom bot.cli import main\n"
             f"main(['ask', *{flags!r}, '--db', sys.argv[1], '/who Solberg'])\n"
             f"print(sorted(m for m in sys.modules if m in {NOT_FOR_ANSWERING!r} or m.split('.')[0] in "
             f"{NOT_FOR_ANSWERING!r}))")
    done = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Ingrid Solberg" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1] == "[]"
