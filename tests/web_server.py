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
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC_IP = "93.184.216.34"  # what the fake resolver gives public-looking names


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    peer: tuple | None = None  # the client's (address, port): one connection, one port


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
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.requests.append(Seen(request.path_qs, dict(request.headers), tuple(peer) if peer else None))
        serve = self.routes.get(request.path_qs) or self.routes.get(request.path)
        if serve is None:
            return web.Response(status=404, text="not found")
        return await serve(request)

    async def start(self, ssl_context: ssl.SSLContext | None = None) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0, ssl_context=ssl_context)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@contextlib.asynccontextmanager
async def local_web(ssl_context: ssl.SSLContext | None = None) -> AsyncIterator[LocalWeb]:
    """A LocalWeb on 127.0.0.1 (HTTPS with ``ssl_context``), closed at the end."""
    server = LocalWeb()
    await server.start(ssl_context)
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
    """Connections to the fake internet's addresses go to the local server; records where each went.

    With ``verify`` (the SSL context trusting the test CA) the local server speaks HTTPS and the
    scheme is kept: the TLS handshake then checks the server's certificate against the name the
    fetcher sends as the TLS server name.
    """

    def __init__(self, web_server: LocalWeb, addresses: tuple[str, ...] = (PUBLIC_IP,), *,
                 verify: ssl.SSLContext | None = None):
        self.web = web_server
        self.addresses = addresses
        self.connected: list[tuple[str, int]] = []
        self.tls = verify is not None
        # As the fetcher's own transport: no kept-alive connections (one opened for a TLS name must not serve another).
        no_reuse = httpx.Limits(max_keepalive_connections=0)
        self._inner = httpx.AsyncHTTPTransport(verify=verify if verify is not None else True, limits=no_reuse)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.connected.append((request.url.host, request.url.port or (443 if request.url.scheme == "https" else 80)))
        if request.url.host in self.addresses:
            scheme = request.url.scheme if self.tls else "http"
            request.url = request.url.copy_with(scheme=scheme, host=self.web.host, port=self.web.port)
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


def make_certificates(folder: Path, name: str) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context with a certificate for ``name``, client context trusting only its test CA), via openssl."""
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=factdesk test CA")
    run("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", f"/CN={name}")
    (folder / "san.ext").write_text(f"subjectAltName=DNS:{name}\n")
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
        "leaf.pem", "-days", "2", "-extfile", "san.ext")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(folder / "leaf.pem", folder / "leaf.key")
    client = ssl.create_default_context(cafile=str(folder / "ca.pem"))
    return server, client
