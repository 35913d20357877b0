"""Shared fixtures (the contract, loaded once; a JSON Schema validator factory for its schemas) and the
suite's hooks. What is not a fixture lives in tests/_helpers."""

from __future__ import annotations

import asyncio
from typing import Any

import jsonschema
import pytest

from tests._helpers.spec import Validate, load_spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


@pytest.fixture(scope="session")
def validate(spec: dict[str, Any]) -> Validate:
    """Validate an instance against a schema of the spec, `#/components/...` refs resolved in the spec."""

    def _validate(schema: dict[str, Any], instance: Any) -> None:
        # The spec's components sit beside the schema so that `#/components/schemas/X` resolves
        # within the root; JSON Schema ignores the unknown `components` keyword itself.
        root = {**schema, "components": spec["components"]}
        jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(
            instance
        )

    return _validate


# ---- the early check: places keyed by operation agree with the spec (tests/operation_keys.py) ----
EARLY_CHECK = "tests/test_operation_keys.py"


#: Folders whose tests share one xdist worker (`nox -s tests` runs `-n auto --dist loadgroup`), and why.
XDIST_GROUPS = {
    # One Chromium per run instead of one per worker; the screenshots go to reports/ under fixed names.
    "tests/web/": "browser",
    # The generator's npm tools are installed into the venv on first use (`npm ci`, not safe to run
    # twice at once), and openapi-python-client is the heaviest CPU user: one at a time.
    "tests/generation/": "generator",
}


#: Where the longest tests are (`--durations`: a contract run over loopback, the rate-bound sandbox
#: runs, the change report's regenerations): handed out first, so that no worker starts one of them
#: while the other has nothing left to do.
LONGEST_FIRST = ("tests/contract/test_sandbox.py", "tests/generation/", "tests/contract/")


def _longest_first(item: pytest.Item) -> int:
    ranks = (rank for rank, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix))
    return next(ranks, len(LONGEST_FIRST))


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the xdist_group marks added here
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group what must share a worker and put the longest first; run the early check first, or, when
    a run does not collect it (e.g. the contract suite), before anything."""
    for item in items:
        for folder, group in XDIST_GROUPS.items():
            if item.nodeid.startswith(folder):
                item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=_longest_first)  # stable: the order within a file stays
    early = [item for item in items if item.nodeid.startswith(EARLY_CHECK)]
    if early:
        items[:] = early + [item for item in items if not item.nodeid.startswith(EARLY_CHECK)]
        return
    from tests.operation_keys import explain, operation_key_problems

    problems = operation_key_problems()
    if problems:
        pytest.exit(explain(problems), returncode=1)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """No test starts with an event loop marked running in its thread (`asyncio.run` would refuse).

    Playwright's sync driver leaves its loop marked running between calls; tests/web/conftest.py
    scopes it to that package. Should a fixture ever outlive its tests again, this names the cause.
    """
    if item.nodeid.startswith("tests/web/"):
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    pytest.fail(f"an event loop ({loop!r}) is marked running in the test thread: a fixture outlived its tests")


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> None:
    """A failed early check stops the run: what fails after it would only mislead."""
    if call.excinfo is not None and item.nodeid.startswith(EARLY_CHECK):
        item.session.shouldstop = "places keyed by operation disagree with openapi/cloudcore.yaml (first failure)"
