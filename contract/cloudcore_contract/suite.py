"""The contract suite: schemathesis fuzzes every operation and follows every link of the contract.

Collected by pytest when ``cloudcore-contract`` runs (``cli.py``); the selection it runs is set before.

- ``test_examples[...]``, ``test_coverage[...]``, ``test_fuzzing[...]``: one test per phase and
  operation, positive and negative bodies; every built-in check plus the custom checks of
  ``checks.py`` on every response; expected statuses per operation in ``schemathesis.toml``.
- ``test_stateful_links[part]``: the state machine built from the spec's OpenAPI links, a
  simulator target reset at the start of every scenario (never a shared one: see ``run.py``); a
  sharded run splits its scenarios into parts.
- ``test_every_link_followed``: links the random scenarios missed are driven explicitly
  (``links.py``); the test fails naming any link that still could not be followed.
- ``test_case_volume``: the run executed at least the profile's number of generated cases.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import hypothesis
import pytest
import schemathesis
from schemathesis import Case

from . import checks
from .hooks import STATS, activate, call_kwargs
from .links import all_links, follow_links
from .run import current
from .settings import PHASES, Profile, load_config, load_spec, operation_labels, phase_config, server_view
from .shards import plan
from .target import Target

if TYPE_CHECKING:
    from schemathesis.generation.stateful.state_machine import StepInput, StepOutput

__all__ = ["checks", "figures"]

# Built at import (collection): `schema.parametrize()` needs the schema before any fixture runs.
RUN = current()
SELECTED = RUN.selection
PROFILE: Profile = RUN.profile
TARGET: Target = RUN.target
CONFIG = load_config(PROFILE, TARGET.base_url, fail_fast=SELECTED.fail_fast)
STATELESS = PHASES[:-1]


#: The contract as this target keeps it: closed request objects only when it refuses unknown fields.
RAW_SPEC = server_view(load_spec(), refuses_unknown_fields=TARGET.refuses_unknown_fields)
#: operationId -> label (``POST /orders/add``), as schemathesis names operations.
LABELS = operation_labels(RAW_SPEC)
#: How many parts the stateful scenarios are split into (one per shard; 1 unsharded).
STATEFUL_PARTS = SELECTED.shard[1]
#: This run's work: only these tests are built (building a phase's tests generates its coverage cases).
UNITS = plan(LABELS, phases=SELECTED.phases, operations=SELECTED.operations, shard=SELECTED.shard)


def _schema(phase: str, labels: Iterable[str] | None = None) -> Any:
    raw = copy.deepcopy(RAW_SPEC)
    if labels is not None:
        paths = {label.split(" ", 1)[1] for label in labels}
        raw["paths"] = {path: item for path, item in raw["paths"].items() if path in paths}
    # Every call goes through the run's session (``call_kwargs``), an in-process app's too.
    return schemathesis.openapi.from_dict(raw, config=phase_config(CONFIG, phase))


#: The stateful schema has every operation: links run across them, and the checks' probes use it.
SCHEMAS = {"stateful": _schema("stateful")}
activate(TARGET.keys, SCHEMAS["stateful"], RUN.ledger, RUN.call_kwargs(), PROFILE.key_probes)
for _phase in STATELESS:
    _labels = [unit.subject for unit in UNITS if unit.phase == _phase]
    if _labels:
        SCHEMAS[_phase] = _schema(_phase, _labels)

_RUN: dict[str, float] = {}


def figures() -> dict[str, Any] | None:
    """The run's figures, once the suite has started (None when no suite test ran)."""
    if "started" not in _RUN:
        return None
    seconds = _RUN.get("finished", time.monotonic()) - _RUN["started"]
    return {
        **STATS.as_dict(),
        "target": TARGET.description,
        "profile": PROFILE.name,
        "shard": "{}/{}".format(*SELECTED.shard),
        "links_known": len(all_links(SCHEMAS["stateful"])),
        "seconds": round(seconds, 2),
        "cases_per_second": round(STATS.cases / seconds, 1) if seconds > 0 else 0.0,
        "unknown_fields": "refused" if TARGET.refuses_unknown_fields else "accepted",
        "account": "reset between scenarios" if TARGET.resettable else "kept (not reset)",
        "traffic": RUN.traffic.as_dict(),
        "max_rate": RUN.limits.max_rate,
    }


@pytest.fixture(scope="module", autouse=True)
def _timed_run() -> Iterator[None]:
    RUN.reset()
    _RUN["started"] = time.monotonic()
    yield
    _RUN["finished"] = time.monotonic()


def _phase_test(phase: str) -> Callable[..., None]:
    def test(case: Case[Any]) -> None:
        case.call_and_validate(**call_kwargs())

    test.__name__ = f"test_{phase}"
    test.__doc__ = f"The {phase} phase of one operation; every configured and custom check."
    return SCHEMAS[phase].parametrize()(test)  # type: ignore[no-any-return]


if "examples" in SCHEMAS:
    test_examples = _phase_test("examples")
if "coverage" in SCHEMAS:
    test_coverage = _phase_test("coverage")
if "fuzzing" in SCHEMAS:
    test_fuzzing = _phase_test("fuzzing")

_PARTS = [int(unit.subject.split()[1].split("/")[0]) for unit in UNITS if unit.phase == "stateful"]


@pytest.mark.skipif(not _PARTS, reason="the stateful phase is not part of this run")
@pytest.mark.parametrize("part", _PARTS or [0], ids=lambda part: f"part {part}/{STATEFUL_PARTS}")
def test_stateful_links(part: int) -> None:
    """Sequences of calls along the spec's links, each scenario on a freshly reset simulator (not shared)."""

    class LinkedCalls(SCHEMAS["stateful"].as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            RUN.reset()

        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return call_kwargs()

        def step(self, input: StepInput) -> StepOutput:
            if input.transition is not None:
                STATS.follow(input.transition.id)
            return super().step(input)  # type: ignore[no-any-return]

    scenarios = -(-PROFILE.stateful_scenarios // STATEFUL_PARTS)
    LinkedCalls.run(
        settings=hypothesis.settings(
            max_examples=scenarios,
            stateful_step_count=PROFILE.stateful_steps,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.generate] if SELECTED.fail_fast else list(hypothesis.Phase),
        )
    )


def test_every_link_followed() -> None:
    """Every link of the contract was followed in this run: missed ones are driven explicitly."""
    if not _PARTS:
        pytest.skip("the stateful phase is not part of this run")
    schema = SCHEMAS["stateful"]
    missed = sorted(all_links(schema) - set(STATS.links))
    unfollowed = follow_links(schema, missed, reset=RUN.reset) if missed else []
    assert not unfollowed, "links never followed in this run:\n  " + "\n  ".join(unfollowed)


def test_case_volume(request: pytest.FixtureRequest) -> None:
    """The run executed at least the profile's floor of generated cases (a whole, unsharded run only)."""
    names = {item.originalname for item in request.session.items if isinstance(item, pytest.Function)}
    whole = {f"test_{phase}" for phase in STATELESS} | {"test_stateful_links"} <= names
    if not whole or STATEFUL_PARTS > 1 or SELECTED.operations or SELECTED.phases:
        pytest.skip("only a run of the whole suite is measured")
    result = figures()
    assert result is not None
    assert len(result["by_operation"]) == len(LABELS), f"operations exercised: {sorted(result['by_operation'])}"
    assert result["cases"] >= PROFILE.min_cases, (
        f"only {result['cases']} generated cases executed; profile {PROFILE.name} requires {PROFILE.min_cases}"
    )
