"""Which URLs factdesk may fetch: no server-side request forgery through a posted link or a feed.

A link in a chat must not make the bot read the team's intranet, the cloud metadata service or
its own database port. So every hop of a fetch (the first URL and each redirect) is checked here
before a request is sent: the scheme is http or https, the port is 80 or 443, and every address
the host name resolves to is a public unicast address (not loopback, private, link-local,
multicast, reserved, unspecified or shared; IPv4-mapped IPv6 is judged as the IPv4 it maps). The
fetcher then connects to the address that was checked, not to a second lookup of the name, so a
name that resolves differently the next time (DNS rebinding) cannot slip past.

``allow_private`` (FACTDESK_FETCH_ALLOW_PRIVATE) lifts the address and port rules, for tests and
for teams whose sources live on their own network; the scheme rule stays.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: host, port -> the addresses the name resolves to (getaddrinfo by default; tests point it elsewhere).
Resolver = Callable[[str, int], Awaitable[list[str]]]
ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
PUBLIC_PORTS = frozenset({80, 443})


class FetchError(ValueError):
    """A link that gave no usable page; the message is the one-line reason shown to the user."""


class FetchRefused(FetchError):
    """A link the rules refuse: no request was sent for it."""


@dataclass(frozen=True)
class Target:
    """One checked hop: the URL as given, and the address to connect to."""

    url: str
    scheme: str
    host: str  # the name from the URL (what the Host header and TLS name carry)
    port: int
    address: str  # the checked IP address the connection goes to


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, through the system's resolver (getaddrinfo)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_problem(address: IPAddress) -> str | None:
    """Why an address may not be fetched from (``"a loopback address"``), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_problem(address.ipv4_mapped)
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "a non-public address"),
    )
    return next((reason for matched, reason in checks if matched), None)


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or FetchRefused with the reason."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.casefold()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchRefused(f"only http and https links are fetched, not {scheme or 'a link without a scheme'}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("the link has no host name")
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme]


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


@dataclass(frozen=True)
class NetworkPolicy:
    """The rules above, with the resolver to use."""

    allow_private: bool = False
    resolver: Resolver = system_resolver

    async def check(self, url: str) -> Target:
        """The checked hop for ``url``; FetchRefused (and nothing sent) when a rule refuses it."""
        scheme, host, port = split_url(url)
        if not self.allow_private and port not in PUBLIC_PORTS:
            raise FetchRefused(f"port {port} is not fetched (only 80 and 443)")
        literal = _literal(host)
        addresses = [str(literal)] if literal is not None else await self.resolver(host, port)
        if not addresses:
            raise FetchError(f"cannot resolve {host}")
        parsed: list[IPAddress] = []
        for text in addresses:
            address = _literal(text.split("%")[0])  # a scoped IPv6 address keeps its zone after %
            if address is None:
                raise FetchRefused(f"{host} resolves to {text!r}, which is not an address")
            parsed.append(address)
        if not self.allow_private:
            for address in parsed:
                problem = address_problem(address)
                if problem is not None:
                    what = host if literal is not None else f"{host} resolves to {address}, which"
                    raise FetchRefused(f"{what} is {problem}; such links are not fetched")
        return Target(url=url, scheme=scheme, host=host, port=port, address=str(parsed[0]))
