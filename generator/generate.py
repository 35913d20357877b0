"""Regenerate everything that is derived from `openapi/cloudcore.yaml`.

One entry point for `nox -s generate` and for the golden test, so that both run the very same
steps: the typed client (openapi-python-client), the simulator's request TypedDicts
(datamodel-code-generator), the simulator's bundled copy of the contract and the contract tool's
copy of it (`contract/cloudcore_contract/generated/`).

Usage: python generator/generate.py [--out ROOT] [--against REF] [--report FILE] [--check-version]
(ROOT defaults to the repository root; REF, the baseline of the change report, to HEAD)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2
import yaml
from openapi_python_client.strings import snake_case

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "openapi" / "cloudcore.yaml"
CLIENT_CONFIG = REPO / "generator" / "client-config.yaml"
TEMPLATES = REPO / "generator" / "templates"

#: Output folders, relative to the output root. The generator owns them whole.
CLIENT_DIR = Path("generated_client")
SIMULATOR_GENERATED_DIR = Path("simulator") / "cloudcore_simulator" / "generated"
CONTRACT_GENERATED_DIR = Path("contract") / "cloudcore_contract" / "generated"
GENERATED_DIRS = (CLIENT_DIR, SIMULATOR_GENERATED_DIR, CONTRACT_GENERATED_DIR)

DATAMODEL_ARGS = [
    "--input-file-type",
    "openapi",
    "--openapi-scopes",
    "schemas",
    "--output-model-type",
    "typing.TypedDict",
    "--target-python-version",
    "3.11",
    "--disable-timestamp",
    "--formatters",
    "ruff-format",
    "ruff-check",
    "--use-union-operator",
    "--enum-field-as-literal",
    "all",
    "--use-schema-description",
    "--use-field-description",
    "--collapse-root-models",
]

GENERATED_INIT = '''"""Generated from openapi/cloudcore.yaml by `nox -s generate`: never edit by hand."""
'''


def _bin(name: str) -> str:
    """The tool installed beside this interpreter, so a venv's pinned version is the one used."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def _run(args: list[str], cwd: Path) -> None:
    env = dict(os.environ)
    # openapi-python-client's post hooks call `ruff`: make it the pinned one beside this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run(args, cwd=cwd, env=env, check=True)


def generate_client(out: Path) -> None:
    target = out / CLIENT_DIR
    if target.exists():
        shutil.rmtree(target)
    args = [
        _bin("openapi-python-client"),
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CLIENT_CONFIG),
        "--meta",
        "uv",
        "--output-path",
        str(target),
        "--fail-on-warning",
    ]
    if TEMPLATES.is_dir():
        args += ["--custom-template-path", str(TEMPLATES)]
    _run(args, cwd=out)
    _render_webhooks(target / "cloudcore_client" / "webhooks.py")
    webhooks = str(target / "cloudcore_client" / "webhooks.py")
    _run([_bin("ruff"), "check", "--no-cache", "--quiet", "--fix-only", "--select", "I,F401,UP", webhooks], cwd=out)
    _run([_bin("ruff"), "format", "--no-cache", "--quiet", webhooks], cwd=out)
    shutil.rmtree(target / ".ruff_cache", ignore_errors=True)


def _render_webhooks(path: Path) -> None:
    """cloudcore_client/webhooks.py: openapi-python-client ignores `webhooks`, so we render it."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    signals = []
    for signal_type, item in spec.get("webhooks", {}).items():
        ref = item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        cls = ref.rsplit("/", 1)[1]
        signals.append({"type": signal_type, "cls": cls, "module": snake_case(cls)})
    env = jinja2.Environment(  # noqa: S701 - renders Python source, not HTML
        loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )
    path.write_text(env.get_template("webhooks.py.jinja").render(signals=signals), encoding="utf-8")


def generate_simulator_models(out: Path) -> None:
    target = out / SIMULATOR_GENERATED_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        # datamodel-codegen names the input file in its header; a fixed name keeps output stable.
        spec_copy = Path(tmp) / "cloudcore.yaml"
        shutil.copyfile(SPEC, spec_copy)
        _run(
            [
                _bin("datamodel-codegen"),
                "--input",
                str(spec_copy),
                "--output",
                str(target / "models.py"),
                *DATAMODEL_ARGS,
            ],
            cwd=Path(tmp),
        )
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    (target / "openapi.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (target / "__init__.py").write_text(GENERATED_INIT, encoding="utf-8")


def bundle_contract_tool_spec(out: Path) -> None:
    """The contract tool (`cloudcore-contract`) tests a server against the spec it ships: a byte copy."""
    target = out / CONTRACT_GENERATED_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copyfile(SPEC, target / "cloudcore.yaml")
    (target / "__init__.py").write_text(GENERATED_INIT, encoding="utf-8")


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    generate_client(out)
    generate_simulator_models(out)
    bundle_contract_tool_spec(out)


# ---- change report, version and changelog (generator/changes.py, generator/versioning.py) ----------
def report_changes(out: Path, against: str, report_file: Path | None, check_version: bool, previous: str | None) -> int:
    """Compare with the baseline at `against`: print the report, derive the version, write CHANGELOG.md.

    The version line of generator/client-config.yaml is rewritten (and the client regenerated with
    it) only when generating into the repository itself; `--check-version` (CI) keeps version and
    changelog as committed and exits 1 when the configured version is lower than the change requires.
    """
    import changes
    import versioning

    client = out / CLIENT_DIR
    configured = versioning.config_version(CLIENT_CONFIG.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        base = versioning.load_baseline(REPO, against, str(CLIENT_DIR), Path(tmp))
        if base is None:
            print(f"change report: no committed contract at {against!r} to compare with; version {configured}")
            (client / versioning.CHANGELOG).write_text(
                previous or versioning.CHANGELOG_HEAD + versioning.FIRST_ENTRY, encoding="utf-8"
            )
            return 0
        report = changes.Report(against)
        report.spec = changes.spec_changes(base.spec, yaml.safe_load(SPEC.read_text(encoding="utf-8")))
        ignored = {versioning.CHANGELOG}
        report.client_changed = changes.tree_differs(base.client_root, client, base.version, configured, ignored)
        if report.client_changed:
            report.python = changes.python_changes(base.client_root, client)
    version = versioning.next_version(report, base.version, configured)
    text = report.render(base.version, version)
    print(text, end="")
    if report_file is not None:
        report_file.parent.mkdir(parents=True, exist_ok=True)
        report_file.write_text(text, encoding="utf-8")
    if check_version:
        # CI: the committed changelog may hold several entries since the base; keep it as committed.
        if previous is not None:
            (client / versioning.CHANGELOG).write_text(previous, encoding="utf-8")
        if version == configured:
            return 0
        needed = f"version {version} needed, generator/{CLIENT_CONFIG.name} says {configured}"
        print(f"::error::the change is {report.level.word}: {needed}")
        return 1
    if version != configured and out == REPO:
        versioning.set_config_version(CLIENT_CONFIG, version)
        generate_client(out)
    (client / versioning.CHANGELOG).write_text(versioning.changelog(report, version, base.changelog), encoding="utf-8")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO, help="output root (default: the repository)")
    parser.add_argument("--against", default="HEAD", help="git ref of the baseline contract (default: HEAD)")
    parser.add_argument("--report", type=Path, help="also write the change report (Markdown) to this file")
    parser.add_argument(
        "--check-version", action="store_true", help="fail when the configured version is lower than the change needs"
    )
    args = parser.parse_args()
    out = args.out.resolve()
    changelog = out / CLIENT_DIR / "CHANGELOG.md"
    previous = changelog.read_text(encoding="utf-8") if changelog.exists() else None
    generate(out)
    sys.exit(report_changes(out, args.against, args.report, args.check_version, previous))


if __name__ == "__main__":
    main()
