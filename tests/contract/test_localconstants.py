"""A contract run draws nothing from the source files beside it (cloudcore_contract/localconstants.py)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

from cloudcore_contract.localconstants import without_local_constants

MARKER = "svc-5e1f"


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Hypothesis's pool as a new process has it, and a service's module with a constant, importable."""
    monkeypatch.setattr(providers, "_local_constants", Constants())
    monkeypatch.setattr(providers, "_seen_modules", set())
    monkeypatch.setattr(providers, "_sys_modules_len", None)
    (tmp_path / "service_code.py").write_text(f"GREETING = {MARKER!r}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "service_code", raising=False)
    return "service_code"


def test_a_local_modules_constants_are_not_drawn_during_a_run(fresh_process: str) -> None:
    with without_local_constants():
        importlib.import_module(fresh_process)
        assert len(providers._get_local_constants()) == 0
    # Outside a run Hypothesis finds the module's constant: the fixture would have revealed a leak.
    assert MARKER in providers._get_local_constants().strings


def test_a_hypothesis_without_the_internal_runs_unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(providers, "_get_local_constants")
    with without_local_constants():
        assert not hasattr(providers, "_get_local_constants")


def test_a_pool_this_process_filled_already_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    original = providers._get_local_constants
    monkeypatch.setattr(providers, "_local_constants", Constants(strings={"filled"}))
    with without_local_constants():
        assert providers._get_local_constants is original
    assert providers._get_local_constants is original
