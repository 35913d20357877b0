"""How a change report moves the client's version and changelog (no generation involved)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests._helpers.spec import REPO

sys.path.insert(0, str(REPO / "generator"))
from changes import Change, Level, Report
from versioning import (
    CHANGELOG_HEAD,
    FIRST_ENTRY,
    changelog,
    config_version,
    next_version,
    set_client_version,
)


def _report(*levels: Level, changed: bool = True) -> Report:
    report = Report("HEAD", spec=[Change("x", "op", "-", level, "ok") for level in levels])
    report.client_changed = changed
    return report


def test_the_widest_change_decides_the_bump() -> None:
    assert next_version(_report(Level.MINOR, Level.MAJOR, Level.PATCH), "1.4.2", "1.4.2") == "2.0.0"
    assert next_version(_report(Level.MINOR, Level.PATCH), "1.4.2", "1.4.2") == "1.5.0"
    assert next_version(_report(Level.PATCH), "1.4.2", "1.4.2") == "1.4.3"
    assert next_version(_report(), "1.4.2", "1.4.2") == "1.4.3"  # code changed, API did not


def test_no_bump_when_the_client_bytes_did_not_change() -> None:
    # A spec change that the client does not see (say a pattern) leaves its version alone.
    assert next_version(_report(Level.MAJOR, changed=False), "1.4.2", "1.4.2") == "1.4.2"


def test_a_version_set_higher_by_hand_is_kept() -> None:
    assert next_version(_report(Level.MINOR), "1.4.2", "3.0.0") == "3.0.0"
    assert next_version(_report(Level.MAJOR), "1.4.2", "1.10.0") == "2.0.0"  # compared as numbers


def test_changelog_keeps_the_committed_entries_below_the_new_one() -> None:
    first = changelog(_report(changed=False), "1.0.0", None)
    assert first == CHANGELOG_HEAD + FIRST_ENTRY
    report = Report(
        "HEAD", spec=[Change("response field `x` added", "getOrderInfo", "non-breaking", Level.MINOR, "ok")]
    )
    report.client_changed = True
    second = changelog(report, "1.1.0", first)
    assert (
        second == CHANGELOG_HEAD + "## 1.1.0\n\n### Added\n\n- getOrderInfo: response field `x` added\n\n" + FIRST_ENTRY
    )
    assert changelog(_report(changed=False), "1.1.0", second) == second  # unchanged: byte for byte


def test_the_version_lives_in_the_client_config() -> None:
    assert (
        config_version((REPO / "generator" / "client-config.yaml").read_text())
        == ((REPO / "generated_client" / "pyproject.toml").read_text().split('version = "', 1)[1].split('"', 1)[0])
    )


def test_a_bump_rewrites_the_version_line_of_each_generated_file_that_carries_it(tmp_path: Path) -> None:
    client = tmp_path / "generated_client"
    for name in ("pyproject.toml", "cloudcore_client/_version.py"):
        (client / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / "generated_client" / name, client / name)
    before = {name: (client / name).read_text() for name in ("pyproject.toml", "cloudcore_client/_version.py")}
    set_client_version(client, "9.8.7")
    for name, text in before.items():
        after = (client / name).read_text()
        changed = [(old, new) for old, new in zip(text.splitlines(), after.splitlines(), strict=True) if old != new]
        assert len(changed) == 1, (name, changed)  # the version line, and nothing else
        assert '"9.8.7"' in changed[0][1]
    (client / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(ValueError, match=r"pyproject\.toml: no version line"):
        set_client_version(client, "9.8.8")
