"""Fetching pages: the network rules (no SSRF), redirects, limits, content types, charsets."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from knowledge.pages.fetch import FEED_TYPES, Fetcher, FetchLimits
from knowledge.pages.netguard import FetchError, FetchRefused, NetworkPolicy, address_problem
from tests.web_server import (
    PUBLIC_IP,
    FakeResolver,
    RoutedTransport,
    hang,
    huge,
    local_web,
    make_certificates,
    trickle,
)

PAGE = "<!doctype html><html><head><title>T</title></head><body><p>Hello there.</p></body></html>"
FAST = FetchLimits(max_bytes=200_000, connect_seconds=1, read_seconds=0.2, total_seconds=0.5)


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.7", "private"), ("172.16.5.4", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "non-public"), ("::1", "loopback"), ("fe80::1", "link-local"),
    ("fc00::1", "private"), ("ff02::1", "multicast"), ("::", "unspecified"), ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:10.0.0.1", "private"),
])
def test_addresses_that_are_not_public_are_refused(address: str, reason: str) -> None:
    assert reason in (address_problem(ipaddress.ip_address(address)) or "")


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url, reason", [
    ("ftp://news.example/a", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("gopher://news.example/", "only http and https"),
    ("http://news.example:8080/a", "port 8080"),
    ("http://127.0.0.1/a", "loopback"),
    ("http://[::1]/a", "loopback"),
    ("http://[::ffff:192.168.1.1]/", "private"),
    ("http://intranet.example/a", "resolves to 10.0.0.5, which is a private address"),
    ("http://metadata.example/latest", "link-local"),
    ("http://mixed.example/a", "private"),  # one public and one private answer: refused
    ("http:///nohost", "no host"),
    ("http://[::1/", "not a valid URL"),
    ("http://0x7f000001/", "resolves to 127.0.0.1, which is a loopback address"),  # what getaddrinfo makes of it
])
async def test_refused_links_send_nothing(url: str, reason: str) -> None:
    async with local_web() as web:
        resolver = FakeResolver({"intranet.example": ["10.0.0.5"], "metadata.example": ["169.254.169.254"],
                                 "mixed.example": [PUBLIC_IP, "192.168.1.20"], "0x7f000001": ["127.0.0.1"]})
        transport = RoutedTransport(web, addresses=(PUBLIC_IP, "10.0.0.5", "169.254.169.254", "127.0.0.1",
                                                    "::1", "192.168.1.20"))
        async with Fetcher(NetworkPolicy(resolver=resolver), FAST, transport=transport) as fetcher:
            with pytest.raises(FetchRefused, match=reason):
                await fetcher.fetch(url)
        assert transport.connected == [] and web.count() == 0


async def test_a_public_name_is_fetched_from_the_address_that_was_checked() -> None:
    async with local_web() as web:
        web.page("/story", PAGE)
        resolver = FakeResolver({"news.example": [PUBLIC_IP]})
        transport = RoutedTransport(web)
        async with Fetcher(NetworkPolicy(resolver=resolver), FAST, transport=transport) as fetcher:
            fetched = await fetcher.fetch("http://news.example/story")
        assert fetched.data == PAGE.encode() and fetched.final_url == "http://news.example/story"
        assert transport.connected == [(PUBLIC_IP, 80)]  # the address, not a second lookup of the name
        assert resolver.lookups == ["news.example"]
        headers = web.headers_of("/story")[0]
        assert headers["Host"] == "news.example" and headers["User-Agent"].startswith("factdesk/")


async def test_an_ipv6_only_name_is_fetched_from_its_checked_address() -> None:
    public6 = "2606:2800:220:1:248:1893:25c8:1946"
    async with local_web() as web:
        web.page("/story", PAGE)
        transport = RoutedTransport(web, addresses=(public6,))
        policy = NetworkPolicy(resolver=FakeResolver({"six.example": [public6]}))
        async with Fetcher(policy, FAST, transport=transport) as fetcher:
            assert (await fetcher.fetch("http://six.example/story")).status == 200
        assert transport.connected == [(public6, 80)] and web.headers_of("/story")[0]["Host"] == "six.example"


async def test_https_goes_to_the_checked_address_with_the_host_name_as_tls_server_name(tmp_path: Path) -> None:
    server_tls, client_tls = make_certificates(tmp_path, "secure.example")
    async with local_web(server_tls) as web:
        web.page("/story", PAGE)
        resolver = FakeResolver({"secure.example": [PUBLIC_IP], "other.example": [PUBLIC_IP]})
        transport = RoutedTransport(web, verify=client_tls)
        async with Fetcher(NetworkPolicy(resolver=resolver), FAST, transport=transport) as fetcher:
            fetched = await fetcher.fetch("https://secure.example/story")
            assert fetched.data == PAGE.encode() and transport.connected == [(PUBLIC_IP, 443)]
            # The certificate is checked against the name, not the address: another name on it fails.
            with pytest.raises(FetchError, match="could not fetch"):
                await fetcher.fetch("https://other.example/story")
        assert web.headers_of("/story")[0]["Host"] == "secure.example" and web.count("/story") == 1


async def test_a_redirect_to_a_private_address_is_refused_before_it_is_followed() -> None:
    async with local_web() as web:
        web.redirect("/start", "http://intranet.example/secret")
        web.redirect("/literal", "http://127.0.0.1/secret")
        web.page("/secret", "internal only", "text/plain")
        resolver = FakeResolver({"news.example": [PUBLIC_IP], "intranet.example": ["10.0.0.5"]})
        transport = RoutedTransport(web, addresses=(PUBLIC_IP, "10.0.0.5"))
        async with Fetcher(NetworkPolicy(resolver=resolver), FAST, transport=transport) as fetcher:
            with pytest.raises(FetchRefused, match="private address"):
                await fetcher.fetch("http://news.example/start")
            with pytest.raises(FetchRefused, match=r"127\.0\.0\.1 is a loopback address"):
                await fetcher.fetch("http://news.example/literal")
        assert web.count("/secret") == 0
        assert transport.connected == [(PUBLIC_IP, 80), (PUBLIC_IP, 80)]


async def test_allow_private_lifts_the_address_and_port_rules_but_not_the_scheme() -> None:
    async with local_web() as web:
        web.page("/a", PAGE)
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            assert (await fetcher.fetch(web.url("/a"))).status == 200
            with pytest.raises(FetchRefused, match="only http"):
                await fetcher.fetch("file:///etc/passwd")


async def test_no_connection_is_kept_for_another_request() -> None:
    async with local_web() as web:
        web.page("/a", PAGE)
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            for _ in range(3):
                await fetcher.fetch(web.url("/a"))
        assert len({seen.peer for seen in web.requests}) == 3


async def test_redirects_are_followed_up_to_five() -> None:
    async with local_web() as web:
        for n in range(7):
            web.redirect(f"/r{n}", f"/r{n + 1}")
        web.page("/r7", PAGE)
        web.page("/r5", PAGE)
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            fetched = await fetcher.fetch(web.url("/r0"))
            assert fetched.final_url == web.url("/r5")
            web.redirect("/r5", "/r6")
            with pytest.raises(FetchError, match="more than 5 redirects"):
                await fetcher.fetch(web.url("/r0"))
        assert web.count("/r6") == 0


async def test_slow_and_hanging_servers_and_huge_bodies_are_given_up_on() -> None:
    async with local_web() as web:
        web.handler("/hang", hang)
        web.handler("/trickle", trickle())
        web.handler("/huge", huge(10_000_000, declare=False))
        web.handler("/declared", huge(10_000_000, declare=True))
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            with pytest.raises(FetchError, match="did not answer in time"):
                await fetcher.fetch(web.url("/hang"))
            with pytest.raises(FetchError, match=r"took over 0\.5 s"):
                await fetcher.fetch(web.url("/trickle"))
            with pytest.raises(FetchError, match="over the 200,000-byte limit"):
                await fetcher.fetch(web.url("/huge"))
            with pytest.raises(FetchError, match="10,000,000 bytes, over the 200,000-byte limit"):
                await fetcher.fetch(web.url("/declared"))


async def test_wrong_content_types_and_error_statuses_are_refused_with_the_reason() -> None:
    async with local_web() as web:
        web.page("/img", b"\x89PNG....", "image/png")
        web.page("/pdf", b"%PDF-1.4", "application/pdf")
        web.page("/missing", "no", "text/plain", status=404)
        web.page("/feed", "<rss/>", "application/rss+xml")
        web.page("/text", "Plain words.", "text/plain")
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            with pytest.raises(FetchError, match="image/png, not a web page"):
                await fetcher.fetch(web.url("/img"))
            with pytest.raises(FetchError, match="application/pdf"):
                await fetcher.fetch(web.url("/pdf"))
            with pytest.raises(FetchError, match="answered 404"):
                await fetcher.fetch(web.url("/missing"))
            with pytest.raises(FetchError, match="application/rss"):
                await fetcher.fetch(web.url("/feed"))
            assert (await fetcher.fetch(web.url("/feed"), accept=FEED_TYPES)).data == b"<rss/>"
            assert (await fetcher.fetch(web.url("/text"))).content_type == "text/plain"


async def test_the_charset_of_the_header_wins_over_a_wrong_meta() -> None:
    from knowledge.pages.decode import decode_article

    body = '<html><head><meta charset="iso-8859-1"></head><body><p>Київ і Берлін</p></body></html>'
    async with local_web() as web:
        web.page("/cp1251", body.encode("cp1251"), "text/html; charset=windows-1251")
        web.page("/meta", body.replace("iso-8859-1", "windows-1251").encode("cp1251"), "text/html")
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            from_header = await fetcher.fetch(web.url("/cp1251"))
            from_meta = await fetcher.fetch(web.url("/meta"))
    assert from_header.charset == "windows-1251"
    assert "Київ і Берлін" in decode_article(from_header.article_bytes()).text
    assert "Київ і Берлін" in decode_article(from_meta.article_bytes()).text


async def test_conditional_get_sends_the_validators_and_reads_304() -> None:
    async with local_web() as web:
        web.feed("/feed.xml", "<rss version='2.0'><channel><title>x</title></channel></rss>", etag='"v1"')
        async with Fetcher(NetworkPolicy(allow_private=True), FAST) as fetcher:
            first = await fetcher.fetch(web.url("/feed.xml"), accept=FEED_TYPES)
            again = await fetcher.fetch(web.url("/feed.xml"), accept=FEED_TYPES, etag=first.etag,
                                        last_modified="Tue, 01 Dec 2026 10:00:00 GMT")
        assert first.etag == '"v1"' and again.not_modified and again.data == b""
        assert web.headers_of("/feed.xml")[1]["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
