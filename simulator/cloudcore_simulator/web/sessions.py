"""Who is looking at the page: sign-in sessions, their cookie, and the checks on every form post.

The browser holds only a random session token, in an HttpOnly ``SameSite=Strict`` cookie scoped to
``/_simulator/``; the API key it was opened with stays in this process (the page needs it to call
the control routes as a test would) and is never written into a page, a URL or a log. Sessions
live in memory: a restart signs everyone out.

Every form post must come from the page itself: a browser's ``Sec-Fetch-Site``/``Origin`` header,
when sent, must name this origin, and posts made while signed in carry the session's CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Final

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["COOKIE", "MAX_SESSIONS_PER_ACCOUNT", "SESSION_SECONDS", "Session", "Sessions", "csrf_ok", "same_origin"]

COOKIE: Final = "cloudcore_simulator_session"
COOKIE_PATH: Final = "/_simulator/"
SESSION_SECONDS: Final = 12 * 3600
"""A session ends after this many real seconds, or when the simulator stops."""
MAX_SESSIONS_PER_ACCOUNT: Final = 20
"""Sessions per account: the account's oldest ends when it opens more, so one key holder signing in
again and again ends only its own sessions, never another account's. In all there are at most this
many per configured key (the page is a developer tool, not a portal)."""


@dataclass(slots=True)
class Session:
    """One signed-in browser: the account, its key (server side only), a CSRF token, a one-shot notice."""

    account: str
    key: str = field(repr=False)
    control_token: str | None = field(default=None, repr=False)
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    expires: float = field(default_factory=lambda: time.monotonic() + SESSION_SECONDS)
    notice: tuple[str, str] | None = None
    """``(kind, text)`` shown once on the next page: kind is ``ok`` or ``error``."""

    def take_notice(self) -> tuple[str, str] | None:
        """The pending notice, cleared."""
        notice, self.notice = self.notice, None
        return notice


def _digest(token: str) -> str:
    # Tokens are looked up by digest, so a dict lookup's timing says nothing about a stored token.
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    """The sessions of one simulator, bounded per account in number, and in time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_digest: dict[str, Session] = {}
        self._by_account: dict[str, OrderedDict[str, None]] = {}  # account -> its digests, oldest first

    def open(self, response: Response, account: str, key: str, control_token: str | None) -> Session:
        """Start a session (ending the account's oldest beyond its cap) and set its cookie on ``response``."""
        token = secrets.token_urlsafe(32)
        session = Session(account, key, control_token)
        digest = _digest(token)
        with self._lock:
            mine = self._by_account.setdefault(account, OrderedDict())
            now = time.monotonic()
            for old in [d for d in mine if self._by_digest[d].expires < now]:
                del mine[old], self._by_digest[old]
            self._by_digest[digest] = session
            mine[digest] = None
            while len(mine) > MAX_SESSIONS_PER_ACCOUNT:
                oldest, _ = mine.popitem(last=False)
                del self._by_digest[oldest]
        response.set_cookie(COOKIE, token, max_age=SESSION_SECONDS, path=COOKIE_PATH, httponly=True, samesite="strict")
        return session

    def _end(self, digest: str) -> None:
        session = self._by_digest.pop(digest, None)
        if session is not None:
            self._by_account.get(session.account, OrderedDict()).pop(digest, None)

    def count(self, account: str | None = None) -> int:
        """Live sessions (of one account)."""
        with self._lock:
            return len(self._by_digest) if account is None else len(self._by_account.get(account, ()))

    def get(self, request: Request) -> Session | None:
        """The request's live session, if its cookie names one."""
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        with self._lock:
            session = self._by_digest.get(_digest(token))
            if session is not None and session.expires < time.monotonic():
                self._end(_digest(token))
                return None
            return session

    def close(self, request: Request, response: Response) -> None:
        """End the request's session (if any) and clear its cookie."""
        token = request.cookies.get(COOKIE)
        if token:
            with self._lock:
                self._end(_digest(token))
        response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site or origin.

    Browsers send ``Sec-Fetch-Site`` (and ``Origin`` on posts); clients that send neither (curl, a
    test) are let through, since they cannot be driven by a third-party page.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin == f"{request.url.scheme}://{host}"


def csrf_ok(session: Session, submitted: str | None) -> bool:
    """The form's CSRF token is the session's (constant-time comparison)."""
    return submitted is not None and hmac.compare_digest(submitted.encode(), session.csrf.encode())
