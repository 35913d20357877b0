"""The contract suite: schemathesis fuzzes all eleven operations and follows the spec's links.

Run it with ``nox -s contract`` (``-- --profile thorough`` for the nightly profile), or directly:
``pytest tests/contract/contract_suite.py [--contract-profile NAME] [--contract-fault NAME]``.

- ``test_operation[...]``: one test per operation running the examples, coverage and fuzzing
  phases with positive and negative bodies; every built-in check plus the custom checks of
  ``checks.py`` on every response; expected statuses per operation in ``schemathesis.toml``.
- ``test_stateful_links``: the state machine built from the spec's OpenAPI links (quote -> add,
  add -> info/log/cancel, cancel -> info/log, orders -> info, products -> product info,
  countries -> states), with the simulator reset at the start of every scenario.
- ``test_case_volume``: the run executed at least the profile's number of generated cases.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis import Case
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput

from . import checks
from .hooks import STATS, activate
from .settings import SELECTED, SPEC_PATH, Profile, Target, load_config, load_profile, target_from_environment

__all__ = ["checks", "figures"]

# Built at import (collection): `schema.parametrize()` needs the schema before any fixture runs.
PROFILE: Profile = load_profile(SELECTED.profile)
TARGET: Target = target_from_environment(SELECTED.fault)
activate(TARGET.keys)
schema = schemathesis.openapi.from_path(SPEC_PATH, config=load_config(PROFILE, TARGET))
if TARGET.app is not None:
    schema.app = TARGET.app

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
        "seconds": round(seconds, 2),
        "cases_per_second": round(STATS.cases / seconds, 1) if seconds > 0 else 0.0,
    }


@pytest.fixture(scope="module", autouse=True)
def _timed_run() -> Iterator[None]:
    TARGET.reset()
    _RUN["started"] = time.monotonic()
    yield
    _RUN["finished"] = time.monotonic()


@schema.parametrize()
def test_operation(case: Case[Any]) -> None:
    """Examples, coverage and fuzzing of one operation; every configured and custom check."""
    case.call_and_validate()


def test_stateful_links() -> None:
    """Sequences of calls along the spec's links, each scenario on a freshly reset simulator."""

    class LinkedCalls(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            TARGET.reset()

        def step(self, input: StepInput) -> StepOutput:
            if input.transition is not None:
                with STATS.lock:
                    STATS.links[input.transition.id] += 1
            return super().step(input)  # type: ignore[no-any-return]

    LinkedCalls.run(
        settings=hypothesis.settings(
            max_examples=PROFILE.stateful_scenarios,
            stateful_step_count=PROFILE.stateful_steps,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


def test_case_volume(request: pytest.FixtureRequest, record_testsuite_property: Any) -> None:
    """The run executed at least the profile's floor of generated cases (a whole-suite run only)."""
    names = {item.originalname for item in request.session.items if isinstance(item, pytest.Function)}
    if not {"test_operation", "test_stateful_links"} <= names:
        pytest.skip("only a run of the whole suite is measured")
    result = figures()
    assert result is not None
    for key in ("cases", "probes", "seconds", "cases_per_second"):
        record_testsuite_property(key, result[key])
    assert len(result["by_operation"]) == 11, f"operations exercised: {sorted(result['by_operation'])}"
    assert result["cases"] >= PROFILE.min_cases, (
        f"only {result['cases']} generated cases executed; profile {PROFILE.name} requires {PROFILE.min_cases}"
    )
