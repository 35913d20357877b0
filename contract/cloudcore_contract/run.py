"""One run's state, shared by the runner, the suite, the hooks and the plugin.

The runner (``runner.py``) opens the target and sets :data:`CURRENT` before pytest collects the
suite; everything else reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .masking import Masker
from .orders import Cleanup, Ledger
from .settings import Profile, Selection
from .target import Target
from .transport import Deadline, Limits, Traffic

__all__ = ["CURRENT", "Run", "current"]


@dataclass
class Run:
    selection: Selection
    profile: Profile
    target: Target
    masker: Masker
    limits: Limits
    deadline: Deadline
    traffic: Traffic = field(default_factory=Traffic)
    ledger: Ledger = field(default_factory=Ledger)
    #: Seconds of the deadline kept back for cancelling the run's orders at the end.
    reserve_seconds: float = 0.0
    cleanup: Cleanup | None = None
    #: Why the run stopped before its end (the target stopped answering, the deadline passed).
    stopped: str | None = None
    notes: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Reset the target's accounts when it is a simulator of this run's own (orders are then gone)."""
        if self.target.reset():
            self.ledger.reset()

    def unavailable(self) -> str | None:
        """Why the target cannot be asked any more, if it cannot."""
        session = self.target.session
        return self.stopped or (session.down if session is not None else None)

    def call_kwargs(self) -> dict[str, Any]:
        return {"session": self.target.session} if self.target.session is not None else {}


CURRENT: list[Run] = []


def current() -> Run:
    """The run in progress (the runner sets it before pytest collects the suite)."""
    if not CURRENT:
        raise RuntimeError("cloudcore_contract.suite runs only through cloudcore-contract (cli.main)")
    return CURRENT[-1]
