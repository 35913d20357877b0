"""What the repository promises about itself: its license, its locks, its workflows, its root, its README.

Each test reads files only (and asks pip, offline, what it would do with the root), so the whole
module takes a second or two.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests._helpers.spec import REPO

LICENSE_COPIES = ["simulator/LICENSE", "contract/LICENSE", "generator/templates/LICENSE", "generated_client/LICENSE"]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
LOCKS = sorted((REPO / "requirements").glob("*.txt"))


@pytest.mark.parametrize("copy", LICENSE_COPIES)
def test_every_distribution_carries_the_mit_license(copy: str) -> None:
    root = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert root.startswith("MIT License\n")
    assert (REPO / copy).read_text(encoding="utf-8") == root, f"{copy} differs from LICENSE: copy it again"


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_every_pin_of_a_lock_has_hashes(lock: Path) -> None:
    text = lock.read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)(.*)$", text, re.MULTILINE)
    assert pins, f"{lock.name} pins nothing"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [block.split()[0] for block in blocks if "==" in block.split("\n")[0] and "--hash=sha256:" not in block]
    assert not unhashed, f"{lock.name}: pins without hashes: {unhashed} (run `nox -s lock`)"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_by_commit(workflow: Path) -> None:
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", workflow.read_text(encoding="utf-8"), re.MULTILINE)
    assert uses, f"{workflow.name} uses no action"
    for action, comment in uses:
        _, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{workflow.name}: {action} is not pinned by a commit SHA"
        assert re.search(r"#\s*v\d", comment), f"{workflow.name}: {action} has no `# vX` comment naming its tag"
    yaml.safe_load(workflow.read_text(encoding="utf-8"))  # and it is YAML


@pytest.mark.parametrize("hook", ["get_requires_for_build_editable", "get_requires_for_build_wheel", "build_sdist"])
def test_installing_the_root_is_refused_with_what_to_install_instead(hook: str, tmp_path: Path) -> None:
    """The root's [build-system] as pip and uv call it: its backend, from its backend-path, in a fresh process."""
    system = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    assert system["requires"] == []
    paths = [str(REPO / path) for path in system["backend-path"]]
    program = (
        f"import sys; sys.path[:0] = {paths!r}; import importlib; "
        f"importlib.import_module({system['build-backend']!r}).{hook}({str(tmp_path)!r})"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "The repository root of cloudcore is not a package" in done.stderr
    assert "pip install ./generated_client" in done.stderr


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(markdown: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", markdown.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def test_the_readme_is_a_first_visit_not_the_manual() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines: move detail into docs/ (the README only links)"


def test_every_readme_link_resolves() -> None:
    readme = REPO / "README.md"
    text = re.sub(r"```.*?```", "", readme.read_text(encoding="utf-8"), flags=re.DOTALL)
    links = re.findall(r"\[[^\]]*\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if link.startswith(("http://", "https://")):
            assert re.fullmatch(r"https://[\w.-]+\.[a-z]{2,}(/\S*)?", link), f"README: {link} is not an https URL"
            continue
        path, _, anchor = link.partition("#")
        target = (readme.parent / path).resolve() if path else readme
        assert target.exists(), f"README: {link} points to a missing file"
        assert REPO in target.parents or target == REPO, f"README: {link} leaves the repository"
        if anchor:
            assert target.suffix == ".md", f"README: {link}: an anchor into a file that is not Markdown"
            assert anchor in _anchors(target), f"README: {link}: no heading with that anchor in {path or 'README.md'}"


def test_a_release_tag_names_one_package_at_its_version(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("release_tag", REPO / "scripts" / "release_tag.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    release = module.release
    version = tomllib.loads((REPO / "simulator" / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    wheel = tmp_path / f"cloudcore_simulator-{version}-py3-none-any.whl"
    sdist = tmp_path / f"cloudcore_simulator-{version}.tar.gz"
    for path in (wheel, sdist, tmp_path / "cloudcore_contract-9.9.9.tar.gz"):
        path.write_bytes(b"")
    assert release(f"cloudcore-simulator-v{version}", tmp_path) == ("simulator", sorted([sdist, wheel]))
    with pytest.raises(SystemExit, match=re.escape("says 9.9.9")):
        release("cloudcore-simulator-v9.9.9", tmp_path)
    with pytest.raises(SystemExit, match=re.escape("is not <package>-v<X.Y.Z>")):
        release("simulator-v1.0.0", tmp_path)
    wheel.unlink()
    with pytest.raises(SystemExit, match="one wheel and one sdist"):
        release(f"cloudcore-simulator-v{version}", tmp_path)


@pytest.mark.parametrize("module", sorted((REPO / "generator").glob("*.py")), ids=lambda path: path.name)
def test_no_generator_module_does_several_jobs_in_over_400_lines(module: Path) -> None:
    """Issue 22: modules named after one job each (the change report's diff, classification, versioning...)."""
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"generator/{module.name} has {lines} lines: split it by job"
