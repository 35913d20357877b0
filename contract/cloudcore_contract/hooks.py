"""The global ``before_call`` hook: the API key goes into every generated body; cases are counted.

The key is a body field, not a security scheme, so schemathesis generates it like any string. The
hook replaces a generated non-empty string key with the target's real key, so positive cases are
authenticated; a key the negative generator removed, emptied or gave the wrong type is left as it
is, and the server must answer 403 (schemathesis re-validates bodies a hook edits, so the case's
positive/negative label stays true). Requests the custom checks make themselves (``probing()``)
carry their keys deliberately and are neither touched nor counted as generated cases. Cases built
by hand (the explicit link walk of ``links.py``) are counted under the phase ``manual``.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import Case, HookContext

from .settings import Keys

_PROBING: ContextVar[bool] = ContextVar("contract_probing", default=False)


@contextmanager
def probing() -> Iterator[None]:
    """Mark requests made by checks themselves: the hook neither rewrites their key nor counts them."""
    token = _PROBING.set(True)
    try:
        yield
    finally:
        _PROBING.reset(token)


@dataclass
class Stats:
    """What the suite executed: generated cases per phase and operation, extra probe requests, links."""

    by_phase: Counter[str] = field(default_factory=Counter)
    by_operation: Counter[str] = field(default_factory=Counter)
    by_mode: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    probes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def follow(self, link: str) -> None:
        """Count one transition along ``link`` (a schemathesis transition id)."""
        with self.lock:
            self.links[link] += 1

    @property
    def cases(self) -> int:
        return sum(self.by_phase.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "probes": self.probes,
            "by_phase": dict(self.by_phase),
            "by_mode": dict(self.by_mode),
            "by_operation": dict(self.by_operation),
            "links": dict(self.links),
        }


STATS = Stats()


@dataclass
class _Active:
    keys: Keys | None = None
    #: The schema with every operation (a run's per-phase schemas may hold only its own operations).
    schema: Any = None


_ACTIVE = _Active()


def activate(keys: Keys, schema: Any = None) -> None:
    """Set the keys the hook and the checks use, and the whole schema their probes go through."""
    _ACTIVE.keys = keys
    _ACTIVE.schema = schema


def active_schema() -> Any:
    """The schema with every operation, or None before the suite activated one."""
    return _ACTIVE.schema


def active_keys() -> Keys | None:
    """The session's keys; None outside the contract suite (other schemathesis users stay untouched)."""
    return _ACTIVE.keys


@schemathesis.hook
def before_call(context: HookContext, case: Case[Any], **kwargs: Any) -> None:
    if _PROBING.get():
        with STATS.lock:
            STATS.probes += 1
        return
    keys = active_keys()
    if keys is None:
        return
    body = case.body
    if isinstance(body, dict):
        key = body.get("apikey")
        if isinstance(key, str) and key and key not in keys.harness:
            body["apikey"] = keys.primary
    meta = case.meta
    phase = str(meta.phase.name) if meta is not None else "manual"
    mode = str(meta.generation.mode) if meta is not None else "manual"
    with STATS.lock:
        STATS.by_phase[phase] += 1
        STATS.by_mode[mode] += 1
        STATS.by_operation[case.operation.label] += 1
