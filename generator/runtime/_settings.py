"""What a client is configured with: the defaults, the environment, and the check of every argument.

Everything here runs when a client (or a `with_options` copy) is made, so that a bad argument fails
there with `ConfigurationError` (a `CloudCoreError` and a `ValueError`), not at the first call.
"""

from __future__ import annotations

import enum
import ipaddress
import math
import os
import warnings
from typing import Final

import httpx

from ._api_key import ApiKey
from ._exceptions import ConfigurationError
from ._retry import RetryPolicy

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "InsecureTransportWarning",
    "Keep",
    "checked_api_key",
    "checked_base_url",
    "checked_deadline",
    "checked_max_response_bytes",
    "checked_retry",
    "connection_bound",
]

#: Production (and sandbox accounts). The simulator's is `http://127.0.0.1:PORT/cloudcore/1.0`.
DEFAULT_BASE_URL: Final = "https://api.cloudprinter.com/cloudcore/1.0"
#: Environment variables read when no API key / base URL is passed.
API_KEY_ENV: Final = "CLOUDPRINTER_API_KEY"
BASE_URL_ENV: Final = "CLOUDPRINTER_BASE_URL"
#: A call that hangs is worse than one that fails: 10 s to connect, 60 s for everything else
#: (the wait for a free connection included).
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
#: The connection pool: at most 100 calls of one client (and its `with_options` copies) in flight;
#: others wait, first come first served, up to the pool timeout or the call's deadline. 20 idle
#: connections are kept for 5 s. httpx's own defaults, stated here because the client enforces them.
DEFAULT_LIMITS: Final = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
#: The largest body read (after decompression): 64 MiB, about 550,000 orders of `orders/`. A larger
#: answer is refused with `ResponseTooLargeError` before it is read whole. None: no cap.
DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024

_warned_origins: set[str] = set()


class Keep(enum.Enum):
    """The default of `with_options` arguments: keep the client's setting (None means "no deadline")."""

    KEEP = "keep"


class InsecureTransportWarning(UserWarning):
    """The API key is about to travel unencrypted (plain http) to a host that is not this machine."""


def checked_api_key(api_key: str | ApiKey | None) -> ApiKey:
    if isinstance(api_key, ApiKey):
        return api_key
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
        if not api_key:
            raise ConfigurationError(f"no API key: pass api_key= or set {API_KEY_ENV}")
    return ApiKey(api_key)


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_base_url(base_url: str | None, *, stacklevel: int) -> str:
    """The checked base URL: http(s), a host, no query or fragment; warns once for plain http.

    `stacklevel`: how many frames up the warning points, so that it names the caller's line.
    """
    raw = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        url = httpx.URL(raw)
        # What the first call would do to the host: decode IDNA (httpx), encode it for the socket
        # layer (Python's codec refuses a label over 63 characters). Failing here, not mid-call.
        host = url.host
        url.raw_host.decode("ascii").encode("idna")
    except Exception as exc:  # httpx.InvalidURL, TypeError, idna's errors, UnicodeError
        raise ConfigurationError(f"base_url is not a URL: {type(exc).__name__}: {exc}") from None
    if url.scheme not in ("http", "https") or not host:
        raise ConfigurationError(f"base_url must be an http(s) URL with a host, got {raw!r}")
    if url.query or url.fragment or raw.rstrip("/").endswith(("?", "#")):
        # Not echoed: a query string is where people put tokens.
        raise ConfigurationError("base_url must not carry a query string or fragment")
    if url.userinfo:
        raise ConfigurationError("base_url must not carry credentials")
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    if url.scheme == "http" and not _is_loopback(host) and origin not in _warned_origins:
        _warned_origins.add(origin)
        warnings.warn(
            f"the API key will be sent over plain http to {origin}: use https outside this machine",
            InsecureTransportWarning,
            stacklevel=stacklevel + 1,
        )
    return raw.rstrip("/")


def checked_retry(retry: RetryPolicy) -> RetryPolicy:
    if not isinstance(retry, RetryPolicy):
        raise ConfigurationError("retry must be a RetryPolicy (NO_RETRIES for none)")
    return retry


def checked_deadline(deadline: float | None) -> float | None:
    number = isinstance(deadline, int | float) and not isinstance(deadline, bool)
    if deadline is not None and not (number and math.isfinite(deadline) and deadline > 0):
        raise ConfigurationError("deadline must be a positive number of seconds, or None")
    return deadline


def checked_max_response_bytes(limit: int | None) -> int | None:
    if limit is not None and not (type(limit) is int and limit > 0):
        raise ConfigurationError("max_response_bytes must be a positive number of bytes, or None")
    return limit


def connection_bound(limits: httpx.Limits, http_client: object) -> int | None:
    """The bound on calls in flight, from `limits`; refused when it could not be the pool's."""
    if not isinstance(limits, httpx.Limits):
        raise ConfigurationError("limits must be an httpx.Limits")
    if http_client is not None and limits is not DEFAULT_LIMITS:
        raise ConfigurationError("limits configures the client CloudCore builds: set them on your http_client")
    bound = limits.max_connections
    if bound is not None and bound < 1:
        raise ConfigurationError("limits.max_connections must be at least 1, or None")
    return bound
