"""The early check: places keyed by operation agree with the spec (runs first: tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.operation_keys import explain, operation_key_problems


def test_places_keyed_by_operation_match_the_spec() -> None:
    problems = operation_key_problems()
    if problems:
        pytest.fail(explain(problems), pytrace=False)
