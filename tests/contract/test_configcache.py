"""configcache.py: schemathesis's per-operation configuration, memoized for one run and no longer."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.config import ProjectConfig

from cloudcore_contract.configcache import cached_configs
from cloudcore_contract.settings import load_config, load_profile, load_spec, phase_config


def _schema() -> Any:
    return schemathesis.openapi.from_dict(
        load_spec(), config=phase_config(load_config(load_profile("ci"), None), "fuzzing")
    )


def test_the_answers_are_schemathesis_own_and_resolved_once_per_operation_and_phase() -> None:
    schema = _schema()
    add, info = schema.find_operation_by_id("addOrder"), schema.find_operation_by_id("getOrderInfo")
    config = schema.config
    expected = {
        (op.label, phase): (
            config.generation_for(operation=op, phase=phase),
            config.checks_config_for(operation=op, phase=phase),
        )
        for op in (add, info)
        for phase in ("fuzzing", "coverage")
    }
    with cached_configs():
        for op in (add, info):
            for phase in ("fuzzing", "coverage"):
                generation = config.generation_for(operation=op, phase=phase)
                checks = config.checks_config_for(operation=op, phase=phase)
                want_generation, want_checks = expected[(op.label, phase)]
                assert generation.modes == want_generation.modes
                assert generation.max_examples == want_generation.max_examples
                assert (
                    checks.positive_data_acceptance.expected_statuses
                    == want_checks.positive_data_acceptance.expected_statuses
                )
                assert config.generation_for(operation=op, phase=phase) is generation  # memoized
                assert config.checks_config_for(operation=op, phase=phase) is checks
        assert config.generation_for(operation=add, phase="fuzzing") is not config.generation_for(
            operation=info, phase="fuzzing"
        )


def test_leaving_restores_schemathesis_own_resolution() -> None:
    schema = _schema()
    add = schema.find_operation_by_id("addOrder")
    config = schema.config
    originals = (ProjectConfig.generation_for, ProjectConfig.checks_config_for)
    with cached_configs():
        assert config.generation_for(operation=add, phase="fuzzing") is config.generation_for(
            operation=add, phase="fuzzing"
        )
    assert (ProjectConfig.generation_for, ProjectConfig.checks_config_for) == originals
    assert config.generation_for(operation=add, phase="fuzzing") is not config.generation_for(
        operation=add, phase="fuzzing"
    )  # schemathesis's own: a new merge every time
