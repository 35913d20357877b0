"""Which ``Host`` names the simulator answers: its guard against DNS rebinding.

A web page on another site can make a browser send requests to ``127.0.0.1`` by rebinding its own
domain name to that address. The browser then still names that domain in ``Host`` (and in
``Origin``), so a server that answers only the names it is known by cannot be driven that way.
The simulator answers loopback names (``localhost``, ``*.localhost``, ``127.0.0.0/8``, ``::1``),
``testserver`` (the name Starlette's ``TestClient`` sends; no DNS resolves it), the address it is
bound to, and the names given to :class:`HostGuard` (the CLI's ``--allow-host``; ``*`` answers
any name, and ``*.example.com`` any subdomain). Anything else gets a 403 ``host_not_allowed`` in
the API's error shape. A request without a ``Host`` header (HTTP/1.0) names no other site and is
answered. The web page also refuses posts whose ``Origin`` names another origin.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Final

from .errors import ApiError

__all__ = ["ANY_HOST", "DEFAULT_HOSTS", "HostGuard", "host_name"]

ANY_HOST: Final = "*"
DEFAULT_HOSTS: Final = ("localhost", "*.localhost", "testserver")
"""Names always answered, besides loopback addresses and the bound address."""
_WILDCARD_ADDRESSES: Final = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names to ignore, not to bind
_CACHE_LIMIT: Final = 256


def host_name(value: str) -> str:
    """The name in a ``Host`` value, without the port, lower case, without a trailing dot."""
    value = value.strip().lower()
    if value.startswith("["):  # an IPv6 literal: [::1]:8080
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.rsplit(":", 1)[0]
    return value.rstrip(".")


def _loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostGuard:
    """Decides whether a ``Host`` header value names this simulator (cached; see the module docstring)."""

    def __init__(self, allowed: Iterable[str] = (), bound: str | None = None) -> None:
        names = [host_name(name) for name in (*DEFAULT_HOSTS, *allowed)]
        if bound is not None and host_name(bound) not in _WILDCARD_ADDRESSES:
            names.append(host_name(bound))
        self.any = ANY_HOST in names
        self._exact = frozenset(name for name in names if not name.startswith("*."))
        self._suffixes = tuple(name[1:] for name in names if name.startswith("*."))
        self._seen: dict[str, bool] = {}

    def allows(self, host: str | None) -> bool:
        """True for no ``Host`` at all, a loopback name, the bound address or an allowed name."""
        if host is None or self.any:
            return True
        verdict = self._seen.get(host)
        if verdict is None:
            name = host_name(host)
            verdict = name in self._exact or name.endswith(self._suffixes) or _loopback(name)
            if len(self._seen) >= _CACHE_LIMIT:
                self._seen.clear()
            self._seen[host] = verdict
        return verdict

    def refusal(self, host: str) -> ApiError:
        """The 403 for a ``Host`` this simulator does not answer (the name shown printable, clipped)."""
        shown = "".join(ch if " " <= ch <= "~" else "?" for ch in host_name(host)[:100])
        return ApiError(
            403,
            "host_not_allowed",
            f'Host "{shown}" is not a name of this simulator: it answers loopback names and its bound address '
            "(start it with --allow-host NAME to add one)",
        )
