"""Who a request speaks for: API keys become accounts, and the optional control token.

An account is a digest of its key, so stores, outboxes and logs never hold a key. Every lookup
compares against every configured secret in constant time, so timing tells nothing about a key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

__all__ = ["KeyRing", "account_id"]


def account_id(key: str) -> str:
    """The account a key stands for: a digest, so stores and logs never hold the key."""
    return hashlib.sha256(b"cloudcore-account\x00" + key.encode()).hexdigest()[:32]


def _matches(candidate: object, secret: bytes) -> bool:
    return isinstance(candidate, str) and bool(candidate) and hmac.compare_digest(candidate.encode(), secret)


class KeyRing:
    """The accepted API keys (one account each) and the control token, if one is set."""

    def __init__(self, api_keys: Sequence[str], control_token: str | None = None) -> None:
        if not api_keys:
            raise ValueError("at least one API key is required")
        if control_token is not None and not control_token:
            raise ValueError("the control token must not be empty")
        self._keys = [(key.encode(), account_id(key)) for key in api_keys]
        self._token = None if control_token is None else control_token.encode()

    def account_for(self, key: object) -> str | None:
        """The account of a configured key, comparing against every key in constant time."""
        found = None
        for secret, account in self._keys:
            if _matches(key, secret):
                found = account
        return found

    @property
    def guarded(self) -> bool:
        """True when global controls need the control token."""
        return self._token is not None

    def is_control_token(self, token: object) -> bool:
        """True when no token is configured, or ``token`` is it (constant time)."""
        return self._token is None or _matches(token, self._token)
