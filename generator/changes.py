"""The change report of `nox -s generate`: what a contract change means for each kind of user.

Two maintained tools do the diffing; the modules beside this one classify their findings:

- generator/contract_diff.py: api-smart-diff compares the two contracts (in the object view of
  generator/object_view.py); generator/classification.py and generator/schema_classification.py
  say what each difference means for the HTTP wire, for code that calls the generated client, and
  for the simulator and the contract suite.
- generator/python_diff.py: griffe compares the generated Python package of the baseline with the
  new one.
- generator/versioning.py derives the client's version from the report, generator/changelog.py
  writes its changelog entry.

This module holds the report itself (`Report`) and renders it as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import changelog
from change_row import Change, Level
from contract_diff import spec_changes
from python_diff import python_changes, tree_differs

__all__ = ["Change", "Level", "Report", "python_changes", "spec_changes", "tree_differs"]


@dataclass
class Report:
    """The whole comparison of the contract and the generated client with a baseline."""

    against: str
    spec: list[Change] = field(default_factory=list)
    python: list[Change] = field(default_factory=list)
    client_changed: bool = False
    #: The contract's own version (`info.version`): the baseline's and the one this change needs.
    contract_versions: tuple[str, str] | None = None
    #: Places in the repository that must follow the change (generator/impact.py), rendered.
    places: list[str] = field(default_factory=list)

    @property
    def level(self) -> Level:
        """The client's bump: nothing unless its bytes changed, then the widest change found."""
        if not self.client_changed:
            return Level.NONE
        return max([Level.PATCH, *(c.client for c in self.spec + self.python)])

    @property
    def changes(self) -> list[Change]:
        return self.spec + self.python

    def render(self, old_version: str, new_version: str) -> str:
        lines = [f"## API change report: openapi/cloudcore.yaml against `{self.against}`", ""]
        if not self.changes and not self.client_changed:
            lines.append(f"No change: the contract and the generated client equal `{self.against}`'s.")
            return "\n".join(lines) + "\n"
        verdict = self.level.word if self.level else "unchanged"
        lines.append(f"Client version: {old_version} -> {new_version} ({verdict})")
        if self.contract_versions is not None and self.contract_versions[0] != self.contract_versions[1]:
            old_contract, new_contract = self.contract_versions
            lines.append(
                f"Contract version (`info.version`): {old_contract} -> {new_contract}; the simulator and the "
                "contract tool bundle it: give each a CHANGELOG entry and version (docs/releasing.md)"
            )
        breaking_sim = [c for c in self.spec if not c.simulator.startswith("ok")]
        lines.append(
            f"Simulator and contract suite: {len(breaking_sim)} change(s) to act on"
            if breaking_sim
            else "Simulator and contract suite: nothing to change"
        )
        if self.places:
            lines.append(
                f"Tests, docs and code of this repository: {len(self.places)} place(s) to look at (listed below)"
            )
        if self.spec:
            lines += ["", "### Contract (api-smart-diff, classified per user)", ""]
            lines += [
                "| Change | Where | HTTP wire | Client code | Simulator & contract suite |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {_cell(c.what)} | {_cell(c.where)} | {c.http} | {_client_cell(c)} | {_cell(c.simulator)} |"
                for c in self.spec
            ]
        if self.python:
            lines += ["", "### Generated Python API (griffe)", ""]
            lines += [f"- {_mark(c.client)}: `{c.where}`: {c.what}" for c in self.python]
        if self.places:
            lines += ["", "### Places in this repository that follow the change (generator/impact.py)", ""]
            lines += [f"- {place}" for place in self.places]
        if self.client_changed and not self.changes:
            lines += ["", "The generated client changed without a contract or API change (docstrings, code)."]
        return "\n".join(lines) + "\n"

    def changelog_entry(self, version: str) -> str:
        """The CHANGELOG.md entry for `version`: the report's client view, widest change first."""
        return changelog.entry(self.changes, version)


def _cell(text: str) -> str:
    """Text for a Markdown table cell (a `|` in a type such as `string | number` would split it)."""
    return text.replace("|", "\\|")


def _client_cell(change: Change) -> str:
    if change.client is Level.PATCH and change.group == "validation":
        return "none (the client checks no rule; Python types: see below)"
    return _mark(change.client)


def _mark(level: Level) -> str:
    return f"**{level.word}**" if level is Level.MAJOR else level.word
