"""Accounts told apart without keeping their keys: a keyed hash that lives only in this process.

The proxy must know that two requests come from the same account (an order added by one account
must not be visible to another; a recording replays each account with its own key) but must never
store a key. A fingerprint is HMAC-SHA256 of the key under a random secret made at start-up and
never written anywhere, so it cannot be tested against a guessed key outside this process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Final

__all__ = ["MAX_ACCOUNTS", "Accounts"]

#: Accounts numbered per run (recordings); further accounts share the number 0.
MAX_ACCOUNTS: Final = 1000


class Accounts:
    """Fingerprints of keys, and a small number per account for recordings (1, 2, ...)."""

    __slots__ = ("_numbers", "_secret")

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)
        self._numbers: dict[str, int] = {}

    def fingerprint(self, key: Any) -> str | None:
        """The account of a request body's ``apikey``: None when it is missing, empty or not a string."""
        if not isinstance(key, str) or not key:
            return None
        digest = hmac.new(self._secret, key.encode("utf-8", errors="surrogatepass"), hashlib.sha256)
        return digest.hexdigest()[:24]

    def number(self, fingerprint: str | None) -> int | None:
        """1 for the first account seen, 2 for the second, ...; 0 past ``MAX_ACCOUNTS``; None for no key."""
        if fingerprint is None:
            return None
        number = self._numbers.get(fingerprint)
        if number is None:
            if len(self._numbers) >= MAX_ACCOUNTS:
                return 0
            number = self._numbers[fingerprint] = len(self._numbers) + 1
        return number
