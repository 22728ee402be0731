"""Fetch one web page or feed, safely: every hop checked, bounded in time and size.

httpx does the HTTP; this module decides what is sent. Redirects are followed by hand (at most
``max_redirects``) so that each hop passes :class:`~knowledge.pages.netguard.NetworkPolicy` before
anything is sent to it, and each request goes to the address that was checked (the URL carries
the IP; the Host header and the TLS server name carry the host name). The body is streamed and
given up on as soon as it passes the size limit; the whole fetch has one deadline, so a server
that trickles bytes cannot hold a poll round. Proxies from the environment are ignored: a proxy
would connect to names the policy never saw.
"""

from __future__ import annotations

import asyncio
import codecs
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from urllib.parse import urljoin

import httpx

from knowledge.pages.netguard import FetchError, FetchRefused, NetworkPolicy, Target

USER_AGENT = "factdesk/0.1 (news fact desk for a team; +https://github.com/factdesk)"
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml", "application/x-rss+xml"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: How a refusal names what was expected, by the set of types accepted.
EXPECTED = {PAGE_TYPES: "a web page or text", FEED_TYPES: "a feed", PAGE_TYPES | FEED_TYPES: "a web page or feed"}


@dataclass(frozen=True)
class FetchLimits:
    """What one fetch may cost."""

    max_bytes: int = 2_000_000
    max_redirects: int = 5
    connect_seconds: float = 5.0
    read_seconds: float = 10.0
    total_seconds: float = 20.0


@dataclass(frozen=True)
class Fetched:
    """A fetched page (status 200) or the news that it did not change (304)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content_type: str | None = None
    charset: str | None = None  # from the Content-Type header
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def article_bytes(self) -> bytes:
        """The body for the article decoder: a charset the header names wins over the page's own meta.

        The decoder (:mod:`knowledge.pages.decode`) reads byte-order marks first, so a body the header
        says is (say) windows-1251 goes in as UTF-8 with a BOM; a header charset that does not fit
        the bytes is ignored, and the decoder reads the page's meta declaration and the bytes themselves.
        """
        if not self.charset:
            return self.data
        try:
            name = codecs.lookup(self.charset).name
            text = self.data.decode(name)
        except (LookupError, UnicodeDecodeError):
            return self.data
        return codecs.BOM_UTF8 + text.lstrip("\ufeff").encode("utf-8")


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) from a Content-Type header."""
    if not header:
        return None, None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type().casefold(), str(charset).strip() if isinstance(charset, str) else None


def _request_url(target: Target) -> httpx.URL:
    """The URL with the checked address in place of the host name."""
    return httpx.URL(target.url).copy_with(host=target.address, port=target.port)


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


class Fetcher:
    """An HTTP client for pages and feeds under a network policy; use as ``async with``."""

    def __init__(self, policy: NetworkPolicy | None = None, limits: FetchLimits | None = None, *,
                 transport: httpx.AsyncBaseTransport | None = None, user_agent: str = USER_AGENT):
        self.policy = policy or NetworkPolicy()
        self.limits = limits or FetchLimits()
        self.user_agent = user_agent
        timeout = httpx.Timeout(self.limits.read_seconds, connect=self.limits.connect_seconds)
        # No kept-alive connections: the pool knows a connection by its address, and one opened for one
        # host name (its TLS server name) must not carry a request for another name on the same address.
        # (A ``transport`` passed in brings its own pool: tests route connections, and must not keep them.)
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False,
                                         transport=transport, limits=httpx.Limits(max_keepalive_connections=0))

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    async def close(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str, *, accept: frozenset[str] = PAGE_TYPES, etag: str | None = None,
                    last_modified: str | None = None) -> Fetched:
        """The page at ``url``; FetchRefused before sending anything the policy refuses, FetchError otherwise."""
        limits = self.limits
        try:
            async with asyncio.timeout(limits.total_seconds):
                return await self._follow(url, accept, etag, last_modified)
        except TimeoutError:
            raise FetchError(f"the page took over {limits.total_seconds:g} s to arrive") from None
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise FetchRefused(f"not a valid URL ({exc})") from None
        except httpx.TimeoutException:
            raise FetchError("the server did not answer in time") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"could not fetch the page ({type(exc).__name__}: {exc})".replace(": )", ")")) from None

    async def _follow(self, url: str, accept: frozenset[str], etag: str | None,
                      last_modified: str | None) -> Fetched:
        current = url
        for hop in range(self.limits.max_redirects + 1):
            target = await self.policy.check(current)
            headers = {"Host": _host_header(target), "User-Agent": self.user_agent,
                       "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
            request = self._client.build_request("GET", _request_url(target), headers=headers,
                                                 extensions=extensions)
            response = await self._client.send(request, stream=True)
            try:
                if response.status_code in REDIRECTS and response.headers.get("location"):
                    if hop == self.limits.max_redirects:
                        raise FetchError(f"more than {self.limits.max_redirects} redirects")
                    current = urljoin(current, response.headers["location"])
                    continue
                return await self._read(url, current, response, accept)
            finally:
                await response.aclose()
        raise AssertionError("unreachable")  # pragma: no cover

    async def _read(self, url: str, final_url: str, response: httpx.Response, accept: frozenset[str]) -> Fetched:
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
        if response.status_code == 304:
            return Fetched(url, final_url, 304, etag=etag, last_modified=modified)
        if response.status_code != 200:
            raise FetchError(f"the server answered {response.status_code} {response.reason_phrase}".rstrip())
        media_type, charset = _content_type(response.headers.get("content-type"))
        if media_type not in accept:
            raise FetchError(f"the link is {media_type or 'of no stated type'}, not "
                             f"{EXPECTED.get(accept, 'what was asked for')}")
        max_bytes = self.limits.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"the page is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(f"the page is over the {max_bytes:,}-byte limit")
        return Fetched(url, final_url, 200, media_type, charset, bytes(body), etag, modified)
