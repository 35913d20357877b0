"""The client's version: where it lives, how a change report moves it, and the baseline it starts from.

The version lives in ONE place, `package_version_override` in generator/client-config.yaml, which
openapi-python-client writes into generated_client/pyproject.toml (the package metadata that
`cloudcore_client.__version__` and the User-Agent read). `nox -s generate` derives it from the
change report against the baseline (the last commit by default) and rewrites that line when the
change calls for a higher version; a version set higher by hand is kept.

The baseline comes from git (`git show` / `git archive` of a ref): the contract, the generated
client, the version and the changelog as they were committed.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from changelog import CHANGELOG, CHANGELOG_HEAD, FIRST_ENTRY, updated
from changes import Level, Report
from yaml_text import load_yaml

__all__ = [
    "CHANGELOG",
    "CHANGELOG_HEAD",
    "FIRST_ENTRY",
    "Baseline",
    "bump",
    "changelog",
    "config_version",
    "contract_level",
    "load_baseline",
    "next_contract_version",
    "next_version",
    "parse",
    "set_config_version",
    "set_spec_version",
    "spec_version",
]

VERSION_LINE = re.compile(r'^(package_version_override:\s*)"?([0-9]+\.[0-9]+\.[0-9]+)"?\s*$', re.MULTILINE)


#: The contract's own version: `info.version` of openapi/cloudcore.yaml (the first two-space
#: indented `version:` line, which is the `info` block's). The API it models stays CloudCore v1.0.
SPEC_VERSION_LINE = re.compile(r'^(  version:\s*)"?([0-9]+(?:\.[0-9]+){1,2})"?\s*$', re.MULTILINE)
#: api-smart-diff's word for the HTTP wire -> the contract version part it bumps.
WIRE_LEVELS = {"breaking": Level.MAJOR, "non-breaking": Level.MINOR, "unclassified": Level.MINOR}


def parse(version: str) -> tuple[int, int, int]:
    """`X.Y.Z` as numbers; a missing part counts as 0 (the contract was once versioned `1.0`)."""
    parts = [int(part) for part in version.split(".")]
    major, minor, patch = ([*parts, 0, 0])[:3]
    return major, minor, patch


def bump(version: str, level: Level) -> str:
    major, minor, patch = parse(version)
    if level is Level.MAJOR:
        return f"{major + 1}.0.0"
    if level is Level.MINOR:
        return f"{major}.{minor + 1}.0"
    if level is Level.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version


def next_version(report: Report, baseline_version: str, configured: str) -> str:
    """The baseline bumped by the report's level, or the configured version when that is higher."""
    return max(bump(baseline_version, report.level), configured, key=parse)


def contract_level(report: Report) -> Level:
    """How far the contract moved for the HTTP wire: what its own version must follow."""
    return max((WIRE_LEVELS.get(change.http, Level.PATCH) for change in report.spec), default=Level.NONE)


def next_contract_version(report: Report, baseline_version: str, configured: str) -> str:
    """The baseline contract version bumped by the wire change, or the configured one when higher.

    A baseline from before the contract was versioned (its `info.version` was the API's `1.0`)
    bumps nothing: the configured version is the first one.
    """
    if re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", baseline_version) is None:
        return configured
    major, minor, patch = parse(baseline_version)
    bumped = bump(f"{major}.{minor}.{patch}", contract_level(report))
    major, minor, patch = parse(configured)
    return max(bumped, f"{major}.{minor}.{patch}", key=parse)


def spec_version(spec_text: str) -> str:
    found = SPEC_VERSION_LINE.search(spec_text)
    if found is None:
        raise ValueError("openapi/cloudcore.yaml has no `info.version` line (`  version: X.Y.Z`)")
    return found.group(2)


def set_spec_version(spec: Path, version: str) -> None:
    """Rewrite `info.version` only, leaving the rest of the hand-written contract untouched."""
    text = spec.read_text(encoding="utf-8")
    spec.write_text(SPEC_VERSION_LINE.sub(rf'\g<1>"{version}"', text, count=1), encoding="utf-8")


def config_version(config_text: str) -> str:
    found = VERSION_LINE.search(config_text)
    if found is None:
        raise ValueError("generator/client-config.yaml has no `package_version_override: X.Y.Z` line")
    return found.group(2)


def set_config_version(config: Path, version: str) -> None:
    """Rewrite the one version line, leaving the rest of the file (comments included) untouched."""
    text = config.read_text(encoding="utf-8")
    config.write_text(VERSION_LINE.sub(rf'\g<1>"{version}"', text, count=1), encoding="utf-8")


#: The generated client's files that carry its version, and the line that says it in each.
CLIENT_VERSION_LINES = (
    ("pyproject.toml", re.compile(r'(?m)^(version = )"[^"]*"$')),
    ("cloudcore_client/_version.py", re.compile(r'(?m)^(__version__ = )"[^"]*"$')),
)


def set_client_version(client: Path, version: str) -> None:
    """After a bump: the version line of each generated file that carries it, rewritten in place.

    The whole client used to be regenerated for this one value (about 3 s of CPU); the golden
    check (tests/generation/test_golden.py) regenerates from scratch and proves both equal.
    """
    for name, line in CLIENT_VERSION_LINES:
        path = client / name
        text, found = line.subn(rf'\g<1>"{version}"', path.read_text(encoding="utf-8"), count=1)
        if found != 1:
            raise ValueError(f"{path}: no version line to rewrite")
        path.write_text(text, encoding="utf-8")


def changelog(report: Report, version: str, committed: str | None) -> str:
    """The new CHANGELOG.md: the committed one, with an entry on top when the client changed."""
    return updated(committed, report.changelog_entry(version) if report.level is not Level.NONE else None)


@dataclass
class Baseline:
    """The contract, generated client, version and changelog at a git ref."""

    ref: str
    spec: dict[str, object]
    client_root: Path  # folder holding the committed `cloudcore_client` package
    version: str
    changelog: str | None


def _git(repo: Path, *args: str) -> bytes | None:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def load_baseline(repo: Path, ref: str, client_dir: str, into: Path) -> Baseline | None:
    """The baseline at `ref`, its client unpacked under `into`; None when git or the ref has none."""
    spec = _git(repo, "show", f"{ref}:openapi/cloudcore.yaml")
    config = _git(repo, "show", f"{ref}:generator/client-config.yaml")
    archive = _git(repo, "archive", "--format=tar", ref, client_dir)
    if spec is None or config is None or archive is None:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    log = _git(repo, "show", f"{ref}:{client_dir}/{CHANGELOG}")
    return Baseline(
        ref=ref,
        spec=load_yaml(spec),
        client_root=into / client_dir,
        version=config_version(config.decode()),
        changelog=log.decode() if log is not None else None,
    )
