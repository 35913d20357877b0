"""The client's CHANGELOG.md: one entry per regeneration that changed it, written from the report.

An entry is written for a person upgrading: breaking changes one per line, then additions, then
the contract details (documentation and validation rows folded into one line per operation).
"""

from __future__ import annotations

from collections.abc import Sequence

from change_row import Change, Level

CHANGELOG = "CHANGELOG.md"
CHANGELOG_HEAD = """# Changelog of cloudcore_client

Written by `nox -s generate` from its change report (generator/changes.py): one entry for each
regeneration that changed the client, newest first. Never edit by hand; the version follows
semantic versioning for code that calls the client: major = breaking, minor = additions,
patch = documentation only.

"""
FIRST_ENTRY = """## 1.0.0

- The client as first versioned: eleven operations and the CloudSignal webhooks of CloudCore v1.0.
  Every client generated before versioning also called itself 1.0.0.
"""


def entry(changes: Sequence[Change], version: str) -> str:
    """The entry for `version`: the changes' client view, widest change first."""
    lines = [f"## {version}", ""]
    titles = (
        (Level.MAJOR, "Breaking"),
        (Level.MINOR, "Added"),
        (Level.PATCH, "Contract details (documentation, validation, types; no Python API change of their own)"),
    )
    for level, title in titles:
        rows = [c for c in changes if c.client == level]
        if rows:
            lines += [f"### {title}", ""]
            lines += [f"- {line}" for line in _folded(rows)]
            lines.append("")
    if len(lines) == 2:
        lines += ["- The generated code changed (docstrings, code) without a change to its API.", ""]
    return "\n".join(lines)


def updated(committed: str | None, new_entry: str | None) -> str:
    """The new CHANGELOG.md: the committed one (or the first entry), with `new_entry` on top if any."""
    body = committed.removeprefix(CHANGELOG_HEAD) if committed else FIRST_ENTRY
    if new_entry is None:
        return CHANGELOG_HEAD + body
    return CHANGELOG_HEAD + new_entry + "\n" + body


def _folded(rows: list[Change]) -> list[str]:
    """Changelog lines: one per row, but one per operation for its documentation and validation rows."""
    lines: list[str] = []
    folded: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row.group is None:
            lines.append(f"{row.where}: {row.what}")
            continue
        if (row.where, row.group) not in folded:
            folded[row.where, row.group] = []
            lines.append(f"\0{row.where}\0{row.group}")  # placeholder, filled below in order
        folded[row.where, row.group].append(row.what)
    out = []
    for line in lines:
        if line.startswith("\0"):
            where, group = line[1:].split("\0")
            whats = folded[where, group]
            if group == "documentation":
                out.append(f"{where}: {len(whats)} documentation change(s) (descriptions, examples, source notes)")
            else:
                out.append(f"{where}: " + "; ".join(whats))
        else:
            out.append(line)
    return out
