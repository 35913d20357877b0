"""``cloudcore-contract``: the contract suite against a URL, or the simulator in-process.

Exit status: 0 when every check passed, 1 when the contract was violated, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from .plugin import SUITE_MODULE, ContractPlugin
from .settings import PHASES, SELECTED, profile_names
from .shards import parse_shard

ENV_BASE_URL = "CLOUDPRINTER_BASE_URL"
ENV_API_KEY = "CLOUDPRINTER_API_KEY"
ENV_API_KEY_OTHER = "CLOUDPRINTER_API_KEY_OTHER"


def parser() -> argparse.ArgumentParser:
    env = os.environ
    cli = argparse.ArgumentParser(
        prog="cloudcore-contract",
        description="Test a CloudCore API v1.0 server against the contract this tool carries "
        "(schemathesis: examples, coverage, fuzzing, stateful links, custom checks).",
        epilog="Also: `cloudcore-contract proxy --help` (a validating proxy) and `cloudcore-contract replay --help`.",
    )
    cli.add_argument(
        "--base-url",
        default=env.get(ENV_BASE_URL) or None,
        help=f"the API root, e.g. https://api.cloudprinter.com/cloudcore/1.0 (env {ENV_BASE_URL}); "
        "without it the simulator runs in-process (needs cloudcore-simulator installed)",
    )
    cli.add_argument("--api-key", default=env.get(ENV_API_KEY) or None, help=f"the account's key (env {ENV_API_KEY})")
    cli.add_argument(
        "--other-api-key",
        default=env.get(ENV_API_KEY_OTHER) or None,
        help=f"a second account's key: enables the account-isolation check (env {ENV_API_KEY_OTHER})",
    )
    cli.add_argument("--profile", default="ci", choices=profile_names(), help="how hard to test (default ci)")
    cli.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    cli.add_argument("--stats", type=Path, help="write the run's figures (cases, links, seconds) as JSON here")
    cli.add_argument("--shard", default="1/1", help="run slice I of N (by phase and operation), e.g. 2/4")
    cli.add_argument(
        "--operation",
        action="append",
        default=[],
        metavar="ID",
        help="only this operation (operationId or 'POST /path'; repeatable)",
    )
    cli.add_argument("--phase", action="append", default=[], choices=PHASES, help="only this phase (repeatable)")
    cli.add_argument("-x", "--fail-fast", action="store_true", help="stop at the first failure and report it unshrunk")
    cli.add_argument(
        "--app",
        metavar="MODULE:FACTORY[:ARG]",
        help="test an ASGI app in-process: FACTORY(api_keys, ARG) builds it (default: the simulator)",
    )
    cli.add_argument(
        "--list", action="store_true", help="print the units of work this run (or shard) would do, and exit"
    )
    cli.add_argument("-q", "--quiet", action="store_true", help="less pytest output")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] in (["proxy"], ["replay"]):  # their own parsers: docs/proxy.md
        from .proxy.cli import main as proxy_main

        return proxy_main(command)
    args = parser().parse_args(argv)
    try:
        shard = parse_shard(args.shard)
    except ValueError as exc:
        parser().error(str(exc))
    if args.base_url and not args.api_key:
        parser().error(f"--base-url needs --api-key (or {ENV_API_KEY})")
    SELECTED.profile = args.profile
    SELECTED.base_url = args.base_url
    SELECTED.api_key = args.api_key
    SELECTED.other_api_key = args.other_api_key
    SELECTED.app = args.app
    SELECTED.operations = frozenset(args.operation)
    SELECTED.phases = frozenset(args.phase)
    SELECTED.shard = shard
    SELECTED.fail_fast = args.fail_fast
    SELECTED.junit = args.junit
    SELECTED.stats = args.stats
    pytest_args = [
        "--pyargs",
        SUITE_MODULE,
        # The service's own pytest configuration and conftest files are not the suite's.
        "-c",
        os.devnull,
        "--rootdir",
        str(Path.cwd()),
        "--noconftest",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:junitxml",
        "-o",
        "console_output_style=classic",
        "-q" if args.quiet else "-v",
        "--tb=line",
        "--assert=plain",
        "-r",
        "fE",
    ]
    if args.fail_fast:
        pytest_args.append("-x")
    if args.list:
        pytest_args += ["--collect-only", "-qq"]
    plugin = ContractPlugin(SELECTED)
    code = pytest.main(pytest_args, plugins=[plugin])
    if args.list:
        for unit in plugin.selected_units:
            print(f"unit: {unit}")
    return 0 if code == 0 else 1 if code == 1 else 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
