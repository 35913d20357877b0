"""What the user asked for: the selection of a run, its keys and the names of phases and profiles.

Standard library only: the command line reads it before the heavy imports (schemathesis, pytest),
so that a missing dependency is reported as "cannot run" rather than as a traceback.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

PROFILES_PATH = Path(str(resources.files("cloudcore_contract") / "profiles.toml"))
#: The contract this tool tests against: a byte copy of openapi/cloudcore.yaml (see generator/generate.py).
SPEC_PATH = Path(str(resources.files("cloudcore_contract") / "generated" / "cloudcore.yaml"))
#: What counts as a failure: checks and expected statuses per operation (the proxy reads it too).
CONFIG_PATH = Path(str(resources.files("cloudcore_contract") / "schemathesis.toml"))

#: Keys of the in-process simulator: two accounts. Test keys, not secrets.
SIMULATOR_KEY = "contract-primary-key"
SIMULATOR_OTHER_KEY = "contract-other-key"
#: A key no account has (well-formed: a non-empty string, so only the key check can reject it).
UNKNOWN_KEY = "contract-unknown-key-0000000000000000"

#: The phases a run is made of; each stateless phase runs per operation, `stateful` across them.
PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass(slots=True)
class Selection:
    """What this run does (set from the command line before the suite is collected)."""

    profile: str = "ci"
    base_url: str | None = None
    api_key: str | None = None
    other_api_key: str | None = None
    #: ``module:factory[:argument]``: an in-process ASGI app instead of the simulator (see in_process_target).
    app: str | None = None
    operations: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    shard: tuple[int, int] = (1, 1)
    #: Stop at the first failure and do not shrink it (the fault proof; quick local checks).
    fail_fast: bool = False
    junit: Path | None = None
    stats: Path | None = None
    #: Other runs (the other shards) use the same accounts now: never reset them.
    shared: bool = False
    #: "auto" (probe the target), "accepted" (the real API) or "refused" (a strict server).
    unknown_fields: str = "auto"
    #: Requests per second (None: no cap).
    max_rate: float | None = None
    request_timeout: float = 30.0
    max_retry_wait: float = 60.0
    max_answer_bytes: int = 16 * 1024 * 1024
    #: Seconds for the whole run (None: the profile's).
    deadline: float | None = None


def profile_names() -> list[str]:
    return sorted(tomllib.loads(PROFILES_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class Keys:
    """The key the suite's bodies carry, a second account's key (if any) and an unknown key."""

    primary: str
    other: str | None
    unknown: str = UNKNOWN_KEY

    @property
    def harness(self) -> frozenset[str]:
        """Keys the suite itself puts into bodies (the key hook leaves these alone)."""
        return frozenset(key for key in (self.primary, self.other, self.unknown) if key)
