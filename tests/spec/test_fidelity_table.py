"""docs/fidelity.md lists every refusal with its source, as generated from the contract and the simulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from cloudcore_simulator.simulated import REFUSALS, STRICT_RULES
from tests._helpers.scripts import load_script
from tests._helpers.spec import REPO
from tests.sdk_requests import DOCUMENTED_RULES, PROBES

SCRIPT = REPO / "scripts" / "fidelity_table.py"


def test_the_fidelity_page_is_up_to_date() -> None:
    """Run ``python scripts/fidelity_table.py`` after changing a source, a refusal or the probes."""
    table = load_script("fidelity_table")
    page = table.PAGE.read_text(encoding="utf-8")
    assert table.rewrite(page) == page, "docs/fidelity.md is stale: run python scripts/fidelity_table.py"


def test_the_page_lists_every_refusal_source_and_the_score(spec: dict[str, Any]) -> None:
    table = load_script("fidelity_table")
    generated = table.render()
    for refusal in REFUSALS:
        assert f"`{refusal.type}`" in generated
        assert table._cell(refusal.source) in generated
    for name in STRICT_RULES:
        assert f"| {name} |" in generated
    rows = table.contract_rows(spec)
    assert len(rows) >= 30
    for _, _, source in rows:
        assert table._cell(source) in generated
    assert f"{len(PROBES)} of {len(PROBES)}" in generated
    assert f"{len(DOCUMENTED_RULES)} of {len(DOCUMENTED_RULES)}" in generated


def _check(page: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--check", "--page", str(page)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def test_check_mode_fails_on_a_stale_page_and_the_script_repairs_it(tmp_path: Path) -> None:
    table = load_script("fidelity_table")
    page = tmp_path / "fidelity.md"
    page.write_text(table.PAGE.read_text(encoding="utf-8").replace("`invalid_country`", "`gone`"), encoding="utf-8")
    stale = _check(page)
    assert stale.returncode == 1
    assert "is stale" in stale.stderr
    subprocess.run([sys.executable, str(SCRIPT), "--page", str(page)], check=True, timeout=120)
    assert _check(page).returncode == 0
    assert page.read_text(encoding="utf-8") == table.PAGE.read_text(encoding="utf-8")
