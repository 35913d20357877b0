"""Regenerate everything that is derived from `openapi/cloudcore.yaml`.

One entry point for `nox -s generate` and for the golden test, so that both run the very same
steps: the typed client (openapi-python-client with our templates, rearranged into
`_client.py` + `resources/<tag>.py`, plus the hand-written runtime copied from
generator/runtime/), the simulator's request TypedDicts (datamodel-code-generator), the
simulator's bundled copy of the contract and its API reference page (Redoc, through Redocly's CLI
from npm), and the contract tool's copy of the contract (`contract/cloudcore_contract/generated/`).

Usage: python generator/generate.py [--against REF | --release-from REF] [--report FILE] [--check-version]
(REF, the baseline of the change report, defaults to HEAD). It writes into the repository it lives in;
the golden check runs it in a committed copy.
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
import node_tools
from client_view import client_view
from openapi_python_client.strings import snake_case
from yaml_text import dump_yaml, load_yaml

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "openapi" / "cloudcore.yaml"
CLIENT_CONFIG = REPO / "generator" / "client-config.yaml"
TEMPLATES = REPO / "generator" / "templates"
RUNTIME = REPO / "generator" / "runtime"

#: Output folders, relative to the output root. The generator owns them whole.
CLIENT_DIR = Path("generated_client")
SIMULATOR_GENERATED_DIR = Path("simulator") / "cloudcore_simulator" / "generated"
DOCS_DIR = Path("simulator") / "cloudcore_simulator" / "web" / "generated"
CONTRACT_GENERATED_DIR = Path("contract") / "cloudcore_contract" / "generated"
GENERATED_DIRS = (CLIENT_DIR, SIMULATOR_GENERATED_DIR, DOCS_DIR, CONTRACT_GENERATED_DIR)

# Redoc (Redocly's CLI) is pinned in generator/redocly/package-lock.json (npm ci); its output is committed.
#: Where the simulator serves the API (relative, so the page names the simulator it is served by).
SIMULATOR_SERVER = {"url": "/cloudcore/1.0", "description": "This simulator (the page's own origin)"}

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
    "--no-use-closed-typed-dict",  # PEP 728 `closed=True` needs typing_extensions on 3.11; mypy lacks it
]

#: The first line of every generated file of the client, and of every runtime module copied into it.
GENERATED_HEADER = "Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit."
COPIED_HEADER = "# Copied verbatim from generator/runtime/{name} by `nox -s generate`: edit that file, not this one.\n"
RESOURCES_INIT = '''"""The resources of `CloudCore`, one module per tag: `client.orders` is a `orders.Orders`."""
'''

GENERATED_INIT = '''"""Generated from openapi/cloudcore.yaml by `nox -s generate`: never edit by hand."""
'''


def _bin(name: str) -> str:
    """The tool installed beside this interpreter, so a venv's pinned version is the one used."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, *, quiet: bool = False) -> None:
    """Run a tool; ``quiet`` keeps its chatter (banners, progress) unless it fails."""
    full_env = {**os.environ, **(env or {})}
    # openapi-python-client's post hooks call `ruff`: make it the pinned one beside this interpreter.
    full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env.get('PATH', '')}"
    if not quiet:
        subprocess.run(args, cwd=cwd, env=full_env, check=True)
        return
    done = subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise subprocess.CalledProcessError(done.returncode, args)


def generate_client(out: Path) -> None:
    """The client, built beside the old one and swapped in whole: a failed generation leaves the old one."""
    final = out / CLIENT_DIR
    with tempfile.TemporaryDirectory(dir=out, prefix=".generating-") as staging:
        _build_client(out, Path(staging) / CLIENT_DIR)
        if final.exists():
            shutil.rmtree(final)
        shutil.move(Path(staging) / CLIENT_DIR, final)


def _build_client(out: Path, target: Path) -> None:
    # The client reads the contract through `client_view` (typed values: generator/client_view.py).
    view_dir = tempfile.TemporaryDirectory(dir=target.parent)  # removed with the staging folder on failure
    spec_view = Path(view_dir.name) / "cloudcore.json"
    spec_view.write_text(json.dumps(client_view(load_yaml(SPEC.read_text(encoding="utf-8")))), encoding="utf-8")
    args = [
        _bin("openapi-python-client"),
        "generate",
        "--path",
        str(spec_view),
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
    view_dir.cleanup()
    _render_webhooks(target / "cloudcore_client" / "webhooks.py")
    _arrange_package(target / "cloudcore_client")
    # Again, now that the files sit where they are imported from (an `__init__.py` keeps its
    # unused imports as re-exports) and webhooks.py exists.
    package = str(target / "cloudcore_client")
    _run([_bin("ruff"), "check", "--no-cache", "--quiet", "--fix-only", "--select", "I,F401,UP", package], cwd=out)
    _run([_bin("ruff"), "format", "--no-cache", "--quiet", package], cwd=out)
    shutil.rmtree(target / ".ruff_cache", ignore_errors=True)
    _mark_generated(target)
    shutil.copyfile(TEMPLATES / "LICENSE", target / "LICENSE")  # the root LICENSE (tests/project checks the copies)
    _copy_runtime(target / "cloudcore_client")
    _write_version(target / "cloudcore_client")


def _arrange_package(package: Path) -> None:
    """From openapi-python-client's layout to ours: one way to call the API, runtime apart.

    Its `client.py` (rendered from our template) becomes `_client.py`; each tag's
    `api/<tag>/__init__.py` becomes `resources/<tag>.py`; the stock per-operation modules,
    `Client`/`AuthenticatedClient` and `errors.py` (our templates render them empty) are removed.
    """
    (package / "client.py").rename(package / "_client.py")
    resources = package / "resources"
    resources.mkdir()
    (resources / "__init__.py").write_text(RESOURCES_INIT, encoding="utf-8")
    for tag_init in sorted((package / "api").glob("*/__init__.py")):
        tag_init.rename(resources / f"{tag_init.parent.name}.py")
    shutil.rmtree(package / "api")
    (package / "errors.py").unlink()
    (package / "types.py").unlink()  # rendered empty: the runtime's types.py replaces it


def _write_version(package: Path) -> None:
    """`_version.py`: the one place `__version__` (and the User-Agent) reads, from client-config.yaml."""
    version = load_yaml(CLIENT_CONFIG.read_text(encoding="utf-8"))["package_version_override"]
    (package / "_version.py").write_text(
        "# Generated from generator/client-config.yaml (package_version_override) by `nox -s generate`.\n"
        f'"""The version of the cloudcore-client distribution."""\n\n__version__ = "{version}"\n',
        encoding="utf-8",
    )


def _mark_generated(project: Path) -> None:
    """Open every generated file with a line that says it is generated, and from what."""
    comments = {".py": "# {}\n", ".toml": "# {}\n", ".md": "<!-- {} -->\n", ".gitignore": "# {}\n"}
    for path in sorted(project.rglob("*")):
        style = comments.get(path.suffix or path.name)
        if path.is_file() and style is not None:
            path.write_text(style.format(GENERATED_HEADER) + path.read_text(encoding="utf-8"), encoding="utf-8")


def _copy_runtime(package: Path) -> None:
    """The hand-written runtime modules, copied verbatim under a one-line header (not its __init__)."""
    for module in sorted(RUNTIME.glob("*.py")):
        if module.name != "__init__.py":
            text = module.read_text(encoding="utf-8")
            (package / module.name).write_text(COPIED_HEADER.format(name=module.name) + text, encoding="utf-8")


def _render_webhooks(path: Path) -> None:
    """cloudcore_client/webhooks.py: openapi-python-client ignores `webhooks`, so we render it."""
    spec = load_yaml(SPEC.read_text(encoding="utf-8"))
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
    spec = load_yaml(SPEC.read_text(encoding="utf-8"))
    (target / "openapi.json").write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (target / "__init__.py").write_text(GENERATED_INIT, encoding="utf-8")


def generate_docs(out: Path) -> None:
    """The simulator's ``/_simulator/docs``: one standalone HTML page, scripts inlined, nothing fetched.

    The spec's servers get the simulator's own base path first, so the reference names the
    simulator that serves it.
    """
    target = out / DOCS_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    spec = load_yaml(SPEC.read_text(encoding="utf-8"))
    spec["servers"] = [SIMULATOR_SERVER, *spec.get("servers", [])]
    with tempfile.TemporaryDirectory() as tmp:
        spec_copy = Path(tmp) / "cloudcore.yaml"
        spec_copy.write_text(dump_yaml(spec), encoding="utf-8")
        _run(
            [
                node_tools.command("redocly", "redocly"),
                "build-docs",
                str(spec_copy),
                "--inlineBundle",
                "--title",
                "CloudCore API reference (simulator)",
                "--output",
                str(target / "api-reference.html"),
            ],
            cwd=Path(tmp),
            env={"REDOCLY_TELEMETRY": "off"},
            quiet=True,
        )


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
    generate_bundled(out)


def generate_bundled(out: Path) -> None:
    """Everything that carries a copy of the contract (its `info.version` included), the client aside."""
    generate_simulator_models(out)
    generate_docs(out)
    bundle_contract_tool_spec(out)


# ---- change report, version and changelog (generator/changes.py, generator/versioning.py) ----------
def report_changes(
    out: Path,
    against: str,
    report_file: Path | None,
    check_version: bool,
    previous: str | None,
    *,
    release: bool = False,
) -> int:
    """Compare with the baseline at `against`: print the report, derive the version, write CHANGELOG.md.

    The version line of generator/client-config.yaml is rewritten (and the client's version lines
    with it) to the version the change needs; `--check-version` (CI) keeps version and
    changelog as committed and exits 1 when the configured version is lower than the change requires.
    `release` (`--release-from REF`): one release since REF, whatever was bumped and written
    since: the version is REF's bumped by the whole change (the configured one is not kept) and
    the changelog is REF's with one new entry.
    """
    import changes
    import impact
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
        if release:
            configured = base.version
        report = changes.Report(against)
        contract_now = versioning.spec_version(SPEC.read_text(encoding="utf-8"))
        info = base.spec.get("info")
        contract_base = str(info.get("version", contract_now)) if isinstance(info, dict) else contract_now
        # The contract's own version is not a change of the contract: compared as if equal.
        new_spec = load_yaml(SPEC.read_text(encoding="utf-8"))
        old_spec = {**base.spec, "info": {**(info if isinstance(info, dict) else {}), "version": contract_now}}
        report.spec = changes.spec_changes(old_spec, new_spec)
        if report.spec:
            report.places = [place.render() for place in impact.places(report.spec, old_spec, new_spec, REPO)]
        contract_next = versioning.next_contract_version(report, contract_base, contract_now)
        report.contract_versions = (contract_base, contract_next)
        if versioning.parse(contract_next) > versioning.parse(contract_base):
            report.places += [
                f"`{folder}/CHANGELOG.md`: a new version in `{folder}/pyproject.toml` and an entry that says "
                f"'Bundles contract {contract_next}.' (tests/project/test_versions.py)"
                for folder in ("simulator", "contract")
                if (REPO / folder / "CHANGELOG.md").is_file()
            ]
        if contract_next != contract_now and not check_version:
            # The contract's own version follows its wire change; everything bundling it is rewritten.
            versioning.set_spec_version(SPEC, contract_next)
            generate_bundled(out)  # the client does not carry the contract's version: not rebuilt
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
        failed = 0
        if contract_next != contract_now:
            level = versioning.contract_level(report).word
            needed = f"info.version {contract_next} needed, {SPEC.name} says {contract_now}"
            print(f"::error::the contract change is {level}: {needed}")
            failed = 1
        if version == configured:
            return failed
        needed = f"version {version} needed, generator/{CLIENT_CONFIG.name} says {configured}"
        print(f"::error::the change is {report.level.word}: {needed}")
        return 1
    if version != configured:
        versioning.set_config_version(CLIENT_CONFIG, version)
        versioning.set_client_version(client, version)
    (client / versioning.CHANGELOG).write_text(versioning.changelog(report, version, base.changelog), encoding="utf-8")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument("--against", default="HEAD", help="git ref of the baseline contract (default: HEAD)")
    baseline.add_argument(
        "--release-from",
        metavar="REF",
        help="recompute the release since REF: REF's version bumped once, REF's changelog plus one entry",
    )
    parser.add_argument("--report", type=Path, help="also write the change report (Markdown) to this file")
    parser.add_argument(
        "--check-version", action="store_true", help="fail when the configured version is lower than the change needs"
    )
    args = parser.parse_args()
    out = REPO
    changelog = out / CLIENT_DIR / "CHANGELOG.md"
    previous = changelog.read_text(encoding="utf-8") if changelog.exists() else None
    generate(out)
    against = args.release_from or args.against
    release = args.release_from is not None
    sys.exit(report_changes(out, against, args.report, args.check_version, previous, release=release))


if __name__ == "__main__":
    main()
