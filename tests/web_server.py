"""A local web for fetch tests: an HTTP server on 127.0.0.1 that counts requests, and a fake internet.

``LocalWeb`` serves what a test puts at a path (pages, feeds, redirects, slow or hanging answers,
huge bodies) and records every request it gets, so a test can say "no request was sent". The
network rules refuse 127.0.0.1 unless private addresses are allowed; to test the rules themselves,
``FakeResolver`` gives host names the addresses a test chooses and ``RoutedTransport`` carries a
connection to a (public-looking) address to the local server instead — so a fetch that passes the
rules for ``news.example`` -> 93.184.216.34 really reaches this process, and one refused never does.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import httpx
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC_IP = "93.184.216.34"  # what the fake resolver gives public-looking names


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class LocalWeb:
    host: str = "127.0.0.1"
    port: int = 0
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    _runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def count(self, path: str | None = None) -> int:
        return sum(1 for r in self.requests if path is None or r.path == path)

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [r.headers for r in self.requests if r.path == path]

    # ------------------------------------------------------------------ what to serve

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", *,
             status: int = 200, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body

        async def serve(request: web.Request) -> web.StreamResponse:
            return web.Response(body=data, status=status, headers={"Content-Type": content_type, **(headers or {})})
        self.routes[path] = serve

    def feed(self, path: str, body: str | bytes, *, content_type: str = "application/rss+xml",
             etag: str | None = None) -> None:
        """A feed that answers 304 to a request carrying its ETag."""
        data = body.encode() if isinstance(body, str) else body

        async def serve(request: web.Request) -> web.StreamResponse:
            if etag and request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            headers = {"Content-Type": content_type, **({"ETag": etag} if etag else {})}
            return web.Response(body=data, headers=headers)
        self.routes[path] = serve

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        async def serve(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": location})
        self.routes[path] = serve

    def handler(self, path: str, serve: Handler) -> None:
        self.routes[path] = serve

    def gone(self, path: str, status: int = 404) -> None:
        self.page(path, "gone", "text/plain", status=status)

    # ------------------------------------------------------------------ the server

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(Seen(request.path_qs, dict(request.headers)))
        serve = self.routes.get(request.path_qs) or self.routes.get(request.path)
        if serve is None:
            return web.Response(status=404, text="not found")
        return await serve(request)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@contextlib.asynccontextmanager
async def local_web() -> AsyncIterator[LocalWeb]:
    server = LocalWeb()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def hang(request: web.Request) -> web.StreamResponse:
    """A server that accepts the request and never answers."""
    await asyncio.sleep(3600)
    raise AssertionError("unreachable")


def trickle(chunk: bytes = b"<p>slow</p>", every: float = 0.05, times: int = 10_000) -> Handler:
    """A server that answers at once and then sends a few bytes at a time, for ever."""
    async def serve(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(times):
            await response.write(chunk)
            await asyncio.sleep(every)
        return response
    return serve


def huge(size: int, *, declare: bool) -> Handler:
    """A body of ``size`` bytes, with or without a Content-Length saying so."""
    block = b"<p>" + b"x" * 65_530 + b"</p>"

    async def serve(request: web.Request) -> web.StreamResponse:
        headers = {"Content-Type": "text/html"}
        if declare:
            headers["Content-Length"] = str(size)
        response = web.StreamResponse(headers=headers)
        await response.prepare(request)
        sent = 0
        with contextlib.suppress(ConnectionError):
            while sent < size:
                piece = block[: size - sent]
                await response.write(piece)
                sent += len(piece)
        return response
    return serve


@dataclass
class FakeResolver:
    """Host names to the addresses a test gives them; records each lookup."""

    names: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.names:
            from knowledge.pages.netguard import FetchError
            raise FetchError(f"cannot resolve {host}")
        return self.names[host]


class RoutedTransport(httpx.AsyncBaseTransport):
    """Connections to the fake internet's addresses go to the local server; records where each went."""

    def __init__(self, web_server: LocalWeb, addresses: tuple[str, ...] = (PUBLIC_IP,)):
        self.web = web_server
        self.addresses = addresses
        self.connected: list[tuple[str, int]] = []
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.connected.append((request.url.host, request.url.port or 80))
        if request.url.host in self.addresses:
            request.url = request.url.copy_with(scheme="http", host=self.web.host, port=self.web.port)
        else:
            raise httpx.ConnectError(f"no route to {request.url.host} in the test network")
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@contextlib.contextmanager
def local_web_in_thread():
    """A LocalWeb served from a thread of its own, for code that runs its own event loop (the CLI)."""
    import threading

    loop = asyncio.new_event_loop()
    server = LocalWeb()
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(5)
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
