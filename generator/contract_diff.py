"""The contract diff: api-smart-diff between two contracts' object views, as report rows.

api-smart-diff (npm, pinned in generator/specdiff/package-lock.json) compares two OpenAPI 3.1
documents with their `$ref`s followed and classifies each difference for the HTTP wire
(breaking / non-breaking / annotation / unclassified); generator/classification.py says what
each difference means for code that calls the client and for the simulator and contract suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from change_row import Change
from classification import classify
from object_view import object_view

SPECDIFF = Path(__file__).resolve().parent / "specdiff"


def _specdiff_dir() -> Path:
    """api-smart-diff installed once per virtualenv from the committed lock file (`npm ci`)."""
    target = Path(sys.prefix) / "cloudcore-specdiff"
    lock = (SPECDIFF / "package-lock.json").read_bytes()
    installed = target / "package-lock.json"
    if not installed.exists() or installed.read_bytes() != lock or not (target / "node_modules").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(SPECDIFF / name, target / name)
        env = {**os.environ, "NPM_CONFIG_UPDATE_NOTIFIER": "false", "NPM_CONFIG_FUND": "false"}
        npm = [_tool("npm"), "ci", "--silent", "--no-audit", "--ignore-scripts"]
        if subprocess.run(npm, cwd=target, env=env, check=False, stdout=subprocess.DEVNULL).returncode:
            shutil.rmtree(target, ignore_errors=True)
            raise SystemExit(f"change report: `npm ci` of api-smart-diff failed in {target} (npm registry reachable?)")
    shutil.copyfile(SPECDIFF / "specdiff.mjs", target / "specdiff.mjs")
    return target


def _tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def api_smart_diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The raw differences api-smart-diff finds between two specs."""
    target = _specdiff_dir()
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "old.json", Path(tmp) / "new.json"]
        for path, spec in zip(files, (old, new), strict=True):
            path.write_text(json.dumps(spec), encoding="utf-8")
        done = subprocess.run(
            [_tool("node"), str(target / "specdiff.mjs"), *map(str, files)], check=True, capture_output=True, text=True
        )
    diffs: list[dict[str, Any]] = json.loads(done.stdout)
    return diffs


def spec_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every contract difference as report rows, in the order api-smart-diff finds them."""
    if old == new:
        return []
    old, new = object_view(old), object_view(new)
    rows = [row for diff in api_smart_diff(old, new) for row in classify(diff, old, new)]
    # A field added or removed whole also joins or leaves `required`: its own row says it all.
    whole = {
        (row.where, row.fields[1], name)
        for row in rows
        if row.fields and row.fields[0] == "field"
        for name in row.fields[2]
    }
    kept = [
        row
        for row in rows
        if not (row.fields and row.fields[0] == "required")
        or not all((row.where, row.fields[1], name) in whole for name in row.fields[2])
    ]
    return list(dict.fromkeys(kept))  # one row per field for several keywords of one type change
