"""Who a request speaks for: API keys become accounts, and the optional control token.

An account is a digest of its key, so stores, outboxes and logs never hold a key. Every lookup
compares against every configured secret in constant time, so timing tells nothing about a key.
Secrets are compared as bytes: a key from a JSON body as its UTF-8 bytes, a header value as the
bytes that came over the wire (:func:`header_bytes`), so no input can raise while encoding.
The control token must be printable ASCII (:func:`check_control_token`): a header carries it.

:meth:`KeyRing.redact` masks every configured secret in a text (a field name in a ``Warning``
header or a log line, an error's ``info``), so a key pasted where a name belongs is never echoed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Final

__all__ = ["MASK", "KeyRing", "account_id", "check_control_token", "header_bytes"]

MASK: Final = "***"
"""What :meth:`KeyRing.redact` writes in place of a secret."""


def account_id(key: str) -> str:
    """The account a key stands for: a digest, so stores and logs never hold the key."""
    return hashlib.sha256(b"cloudcore-account\x00" + key.encode()).hexdigest()[:32]


def header_bytes(value: str) -> bytes:
    """A header value as the bytes that were sent (Starlette decodes header bytes as latin-1)."""
    return value.encode("latin-1", "replace")


def check_control_token(token: str) -> str:
    """``token`` if it can travel in a header: printable ASCII without spaces; ValueError otherwise."""
    if not token:
        raise ValueError("the control token must not be empty")
    if not all("!" <= ch <= "~" for ch in token):
        raise ValueError("the control token must be printable ASCII (letters, digits, punctuation; no spaces)")
    return token


def _as_bytes(candidate: object) -> bytes | None:
    if isinstance(candidate, bytes):
        return candidate
    if isinstance(candidate, str):
        return candidate.encode("utf-8", "surrogatepass")
    return None


def _matches(candidate: bytes | None, secret: bytes) -> bool:
    return candidate is not None and bool(candidate) and hmac.compare_digest(candidate, secret)


class KeyRing:
    """The accepted API keys (one account each) and the control token, if one is set."""

    def __init__(self, api_keys: Sequence[str], control_token: str | None = None) -> None:
        if not api_keys:
            raise ValueError("at least one API key is required")
        if control_token is not None:
            check_control_token(control_token)
        self._keys = [(key.encode("utf-8", "surrogatepass"), account_id(key)) for key in api_keys]
        self._token = None if control_token is None else control_token.encode("ascii")
        secrets = [key for key in api_keys if key] + ([control_token] if control_token else [])
        self._secrets = sorted(set(secrets), key=len, reverse=True)  # the longest first: no partial masking

    def account_for(self, key: object) -> str | None:
        """The account of a configured key (a ``str`` from a body, or header bytes), in constant time."""
        candidate = _as_bytes(key)
        found = None
        for secret, account in self._keys:
            if _matches(candidate, secret):
                found = account
        return found

    @property
    def guarded(self) -> bool:
        """True when global controls need the control token."""
        return self._token is not None

    def is_control_token(self, token: object) -> bool:
        """True when no token is configured, or ``token`` (header bytes or str) is it (constant time)."""
        return self._token is None or _matches(_as_bytes(token), self._token)

    def redact(self, text: str) -> str:
        """``text`` with every API key and the control token replaced by :data:`MASK`."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text
