"""Regenerate everything that is derived from `openapi/cloudcore.yaml`.

One entry point for `nox -s generate` and for the golden test, so that both run the very same
steps: the typed client (openapi-python-client), the simulator's request TypedDicts
(datamodel-code-generator), the simulator's bundled copy of the contract and the contract tool's
copy of it (`contract/cloudcore_contract/generated/`).

Usage: python generator/generate.py [--out ROOT]   (ROOT defaults to the repository root)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO, help="output root (default: the repository)")
    generate(parser.parse_args().out.resolve())


if __name__ == "__main__":
    main()
