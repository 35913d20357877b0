"""The shape of the installed package: no import cycles, a deliberate public surface, generated files marked."""

from __future__ import annotations

import importlib.metadata
import pkgutil
import tomllib
from pathlib import Path

import grimp

import cloudcore_client
from tests._helpers.spec import REPO

PACKAGE = Path(cloudcore_client.__file__).parent
RUNTIME = REPO / "generator" / "runtime"

PUBLIC_NAMES = {
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "MIN_KEY_LENGTH",
    "NO_RETRIES",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKey",
    "AsyncCloudCore",
    "AuthenticationError",
    "BadRequestError",
    "CloudCore",
    "CloudCoreError",
    "ConfigurationError",
    "ConflictError",
    "InsecureTransportWarning",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidSignalError",
    "NotFoundError",
    "RateLimitError",
    "RawResponse",
    "ResponseTooLargeError",
    "RetryPolicy",
    "Signal",
    "UnexpectedStatusError",
    "WebhookKeyError",
    "__version__",
    "parse_signal",
}


def test_no_import_cycle_in_the_client() -> None:
    """Every import counts, those inside functions too: a cycle cannot hide behind a lazy import."""
    graph = grimp.build_graph("cloudcore_client", cache_dir=None)
    cycles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )
    assert len(graph.modules) > 10
    assert cycles == []


def test_the_root_exports_what_users_need_and_nothing_private() -> None:
    assert set(cloudcore_client.__all__) == PUBLIC_NAMES
    for name in cloudcore_client.__all__:
        assert getattr(cloudcore_client, name) is not None
    for gone in ("Client", "AuthenticatedClient", "Engine", "SyncEngine", "Exchange", "decode_list", "API_KEY_SLOT"):
        assert not hasattr(cloudcore_client, gone)


def test_public_modules_are_the_documented_ones() -> None:
    public = {
        info.name
        for info in pkgutil.walk_packages(cloudcore_client.__path__, "cloudcore_client.")
        if not any(part.startswith("_") for part in info.name.split("."))
        and not info.name.startswith("cloudcore_client.models.")
    }
    assert public == {
        "cloudcore_client.models",
        "cloudcore_client.resources",
        "cloudcore_client.resources.orders",
        "cloudcore_client.resources.products",
        "cloudcore_client.resources.shipping",
        "cloudcore_client.types",
        "cloudcore_client.webhooks",
    }


def test_runtime_modules_are_verbatim_copies_of_the_hand_written_ones() -> None:
    copied = {path.name for path in RUNTIME.glob("*.py")} - {"__init__.py"}
    assert copied == {
        "_api_key.py",
        "_arguments.py",
        "_base_client.py",
        "_body.py",
        "_deadline.py",
        "_engine.py",
        "_exceptions.py",
        "_network.py",
        "_operation.py",
        "_raw_response.py",
        "_reconcile.py",
        "_retry.py",
        "_settings.py",
        "_slots.py",
        "_values.py",
        "types.py",
    }
    for name in copied:
        header, body = (PACKAGE / name).read_text(encoding="utf-8").split("\n", 1)
        assert header.startswith(f"# Copied verbatim from generator/runtime/{name}")
        assert body == (RUNTIME / name).read_text(encoding="utf-8")


def test_every_generated_file_says_so_on_its_first_line() -> None:
    project = PACKAGE.parent
    files = [p for p in project.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    # py.typed is a marker; CHANGELOG.md is written by the change report and says so in its introduction;
    # LICENSE is the repository's, verbatim (tests/project/test_hygiene.py).
    skipped = {"py.typed", "CHANGELOG.md", "LICENSE"}
    files = [p for p in files if p.name not in skipped and not any(part.endswith(".egg-info") for part in p.parts)]
    assert len(files) > 60
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert "by `nox -s generate`" in first, path


def test_distribution_is_cloudcore_client_and_its_readme_describes_cloudcore() -> None:
    assert importlib.metadata.metadata("cloudcore-client")["Name"] == "cloudcore-client"
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "cloudcore-client"
    assert pyproject["project"]["version"] == cloudcore_client.__version__
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    assert "CloudCore(" in readme
    assert "AuthenticatedClient" not in readme
    assert "api.example.com" not in readme
