"""The global ``before_call`` and ``after_call`` hooks: keys, the run's own orders, and counting.

The key is a body field, not a security scheme, so schemathesis generates it like any string. The
hook replaces a generated non-empty string key with the target's real key, so positive cases are
authenticated; a key the negative generator removed, emptied or gave the wrong type is left as it
is, and the server must answer 403 (schemathesis re-validates bodies a hook edits, so the case's
positive/negative label stays true). Requests the custom checks make themselves (``probing()``)
carry their keys deliberately and are neither touched nor counted as generated cases. Cases built
by hand (the explicit link walk of ``links.py``) are counted under the phase ``manual``.

The same hook keeps the run to its own orders (``orders.py``): an ``orders/add`` reference gets the
run's unique suffix, and an ``orders/cancel`` of an order the run did not create is sent for a
reference no order has. ``after_call`` writes what was created and cancelled into the ledger.
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

from .orders import Ledger
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
    ledger: Ledger | None = None
    #: What ``call`` takes to reach the target: the run's polite session (over the network or to an in-process app).
    call_kwargs: dict[str, Any] = field(default_factory=dict)
    #: Wrong-key probes per operation and phase (0: no limit), and the body shapes each one had.
    key_probes: int = 0
    key_probed: dict[tuple[str, str], set[frozenset[str]]] = field(default_factory=dict)


_ACTIVE = _Active()


def activate(
    keys: Keys,
    schema: Any = None,
    ledger: Ledger | None = None,
    call_kwargs: dict[str, Any] | None = None,
    key_probes: int = 0,
) -> None:
    """Set the keys the hooks and the checks use, the whole schema their probes go through, the
    ledger of the run's orders, the keyword arguments of every ``call`` (the session) and how many
    wrong-key probes each operation gets in each phase (0: no limit)."""
    _ACTIVE.keys = keys
    _ACTIVE.schema = schema
    _ACTIVE.ledger = ledger
    _ACTIVE.call_kwargs = dict(call_kwargs or {})
    _ACTIVE.key_probes = key_probes
    _ACTIVE.key_probed.clear()


def take_key_probe(operation_id: str, phase: str, fields: frozenset[str]) -> bool:
    """Whether a valid body with these ``fields`` gets the wrong-key probes (counted when True).

    Without a limit, every one does. With one, each operation gets at most ``key_probes`` in each
    phase, each for a body whose set of fields it has not had there yet: the same body with another
    key is what is sent, so a second body of the same shape would prove the same again.
    """
    with STATS.lock:
        if not _ACTIVE.key_probes:
            return True
        shapes = _ACTIVE.key_probed.setdefault((operation_id, phase), set())
        if len(shapes) >= _ACTIVE.key_probes or fields in shapes:
            return False
        shapes.add(fields)
        return True


def call_kwargs() -> dict[str, Any]:
    """Keyword arguments for ``case.call()`` / ``call_and_validate()``: how to reach the target."""
    return dict(_ACTIVE.call_kwargs)


def active_schema() -> Any:
    """The schema with every operation, or None before the suite activated one."""
    return _ACTIVE.schema


def active_keys() -> Keys | None:
    """The session's keys; None outside the contract suite (other schemathesis users stay untouched)."""
    return _ACTIVE.keys


ADD_ORDER = "/orders/add"
CANCEL_ORDER = "/orders/cancel"


def _own_orders_only(body: dict[str, Any], path: str, keys: Keys, ledger: Ledger) -> None:
    """Unique references for new orders; no cancel of an order this run did not create."""
    if body.get("apikey") != keys.primary:
        return
    reference = body.get("reference")
    if path == ADD_ORDER and isinstance(reference, str) and reference:
        body["reference"] = ledger.unique(reference)
    elif path == CANCEL_ORDER and isinstance(reference, str) and not ledger.owns(reference):
        body["reference"] = ledger.unknown()


@schemathesis.hook
def before_call(context: HookContext, case: Case[Any], **kwargs: Any) -> None:
    keys = active_keys()
    if _PROBING.get():
        with STATS.lock:
            STATS.probes += 1
        ledger, body = _ACTIVE.ledger, case.body
        if keys is not None and ledger is not None and isinstance(body, dict) and case.operation.path == CANCEL_ORDER:
            _own_orders_only(body, CANCEL_ORDER, keys, ledger)
        return
    if keys is None:
        return
    body = case.body
    if isinstance(body, dict):
        key = body.get("apikey")
        if isinstance(key, str) and key and key not in keys.harness:
            body["apikey"] = keys.primary
        if _ACTIVE.ledger is not None:
            _own_orders_only(body, case.operation.path, keys, _ACTIVE.ledger)
    meta = case.meta
    phase = str(meta.phase.name) if meta is not None else "manual"
    mode = str(meta.generation.mode) if meta is not None else "manual"
    with STATS.lock:
        STATS.by_phase[phase] += 1
        STATS.by_mode[mode] += 1
        STATS.by_operation[case.operation.label] += 1


@schemathesis.hook
def after_call(context: HookContext, case: Case[Any], response: Any) -> None:
    """Orders added (201) and cancelled (200) with the account's key go into the ledger."""
    keys, ledger = active_keys(), _ACTIVE.ledger
    body = case.body
    if keys is None or ledger is None or not isinstance(body, dict) or body.get("apikey") != keys.primary:
        return
    reference = body.get("reference")
    if not isinstance(reference, str):
        return
    path, status = case.operation.path, response.status_code
    if path == ADD_ORDER and status == 201:
        ledger.add(reference)
    elif path == CANCEL_ORDER and status == 200:
        ledger.cancelled(reference)
