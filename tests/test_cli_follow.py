"""``factdesk ingest https://…``, ``factdesk feeds add|list|remove`` and ``factdesk poll`` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import factdesk
from tests.web_pages import BRIDGE, TRAM, rss
from tests.web_server import local_web_in_thread

ALLOW = {"FACTDESK_FETCH_ALLOW_PRIVATE": "1"}


def test_ingest_takes_links_beside_files_and_refuses_private_addresses(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    with local_web_in_thread() as web:
        web.page("/tram", TRAM)
        refused = factdesk("ingest", "--db", db, web.url("/tram"))
        assert refused.returncode == 1 and f"port {web.port} is not fetched" in refused.stderr
        assert web.count() == 0
        done = factdesk("ingest", "--db", db, web.url("/tram"), env=ALLOW)
        assert done.returncode == 0 and "articles: 1 new" in done.stdout, done.stderr
        again = factdesk("ingest", "--db", db, web.url("/tram"), env=ALLOW)
        assert "1 unchanged" in again.stdout
    answer = factdesk("ask", "--db", db, "/who Vogt")
    assert "Construction starts next spring" in answer.stdout


def test_feeds_add_list_poll_and_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    with local_web_in_thread() as web:
        web.page("/tram", TRAM)
        web.page("/bridge", BRIDGE)
        web.feed("/rss", rss("City news", [{"title": "Tram", "link": web.url("/tram")},
                                           {"title": "Bridge", "link": web.url("/bridge")}]), etag='"1"')
        assert "no feeds" in factdesk("feeds", "list", "--db", db).stdout
        added = factdesk("feeds", "add", web.url("/rss"), "--db", db, env=ALLOW)
        assert added.returncode == 0 and "following City news" in added.stdout, added.stderr
        assert "not fetched yet" in factdesk("feeds", "--db", db).stdout
        polled = factdesk("poll", "--db", db, env=ALLOW)
        assert polled.returncode == 0 and "City news: checked; 2 new or changed articles" in polled.stdout
        assert "no feed is due" in factdesk("poll", "--db", db, env=ALLOW).stdout
        listed = factdesk("feeds", "list", "--db", db).stdout
        assert "1. City news" in listed and "2 items ingested" in listed and "last fetched" in listed
        assert (web.count("/tram"), web.count("/bridge")) == (1, 1)
    assert "removed City news" in factdesk("feeds", "remove", "1", "--db", db).stdout
    assert factdesk("feeds", "remove", "1", "--db", db).returncode == 1
    assert "Northbuild" in factdesk("ask", "--db", db, "/deals Northbuild").stdout
