"""What a release tag publishes: the package, its version and its distribution files, checked.

Tags name one package and its version: `cloudcore-client-v2.0.1`, `cloudcore-simulator-v1.0.0`,
`cloudcore-contract-v1.0.0`. The release workflow (.github/workflows/release.yml) runs this with
the pushed tag after `nox -s build`; it refuses a tag whose version is not the package's version,
a package version without a CHANGELOG entry, and a dist/ without exactly that package's wheel and
sdist. On success it prints `folder=...` and `files=...` lines (for $GITHUB_OUTPUT).

    python scripts/release_tag.py TAG [--dist dist]
"""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDERS = {"cloudcore-client": "generated_client", "cloudcore-simulator": "simulator", "cloudcore-contract": "contract"}
TAG = re.compile(r"(?P<name>cloudcore-(?:client|simulator|contract))-v(?P<version>\d+\.\d+\.\d+)")


def release(tag: str, dist: Path) -> tuple[str, list[Path]]:
    """The package folder and the distribution files the tag publishes; SystemExit with the reason otherwise."""
    found = TAG.fullmatch(tag)
    if found is None:
        raise SystemExit(f"tag {tag!r} is not <package>-v<X.Y.Z> with package one of {', '.join(FOLDERS)}")
    name, version = found["name"], found["version"]
    folder = FOLDERS[name]
    declared = tomllib.loads((REPO / folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    if declared != version:
        raise SystemExit(f"tag {tag} says {version}, but {folder}/pyproject.toml says {declared}")
    changelog = (REPO / folder / "CHANGELOG.md").read_text(encoding="utf-8")
    if not re.search(rf"^## {re.escape(version)}$", changelog, re.MULTILINE):
        raise SystemExit(f"{folder}/CHANGELOG.md has no '## {version}' entry")
    stem = name.replace("-", "_")
    files = sorted([*dist.glob(f"{stem}-{version}-*.whl"), *dist.glob(f"{stem}-{version}.tar.gz")])
    if sorted(path.suffix for path in files) != [".gz", ".whl"]:
        raise SystemExit(f"{dist} does not hold one wheel and one sdist of {name} {version}: {[p.name for p in files]}")
    return folder, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag")
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    args = parser.parse_args()
    folder, files = release(args.tag, args.dist)
    print(f"folder={folder}")
    print("files=" + " ".join(str(path) for path in files))


if __name__ == "__main__":
    main()
