"""One row of the change report (`Change`) and how far a change reaches (`Level`).

Every part of the report (generator/changes.py) speaks in these: the contract diff, its
classification, the Python API diff, the version and the changelog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Level(IntEnum):
    """How far a change reaches: the semantic-version part it bumps."""

    NONE = 0
    PATCH = 1  # documentation only
    MINOR = 2  # additions
    MAJOR = 3  # breaking

    @property
    def word(self) -> str:
        return {0: "no change", 1: "documentation", 2: "addition", 3: "breaking"}[self.value]


@dataclass(frozen=True)
class Change:
    """One row of the report."""

    what: str  # e.g. "request field `email` removed"
    where: str  # operationId, webhook or Python object
    http: str  # api-smart-diff's classification, or "-" for Python-only findings
    client: Level  # for code that calls the generated client
    simulator: str  # for the simulator and the contract suite: "ok" or what to change
    #: For de-duplication: ("field" | "required", request/response side, dotted field names).
    fields: tuple[str, str, tuple[str, ...]] | None = field(default=None, compare=False)
    #: Rows the changelog folds into one line per `where`: "documentation" or "validation".
    group: str | None = field(default=None, compare=False)
