"""The contract diff: api-smart-diff between two contracts' object views, as report rows.

api-smart-diff (npm, pinned in generator/specdiff/package-lock.json) compares two OpenAPI 3.1
documents with their `$ref`s followed and classifies each difference for the HTTP wire
(breaking / non-breaking / annotation / unclassified); generator/classification.py says what
each difference means for code that calls the client and for the simulator and contract suite.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import node_tools
from change_row import Change
from classification import classify
from object_view import object_view

SPECDIFF = Path(__file__).resolve().parent / "specdiff"


def _specdiff_dir() -> Path:
    """api-smart-diff installed once per virtualenv from the committed lock file (`npm ci`)."""
    target = node_tools.installed("specdiff")
    shutil.copyfile(SPECDIFF / "specdiff.mjs", target / "specdiff.mjs")
    return target


def api_smart_diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The raw differences api-smart-diff finds between two specs."""
    target = _specdiff_dir()
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "old.json", Path(tmp) / "new.json"]
        for path, spec in zip(files, (old, new), strict=True):
            path.write_text(json.dumps(spec), encoding="utf-8")
        done = subprocess.run(
            [node_tools.tool("node"), str(target / "specdiff.mjs"), *map(str, files)],
            check=True,
            capture_output=True,
            text=True,
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
