"""``cloudcore-contract``: the contract suite against a URL, or the simulator in-process.

Exit status: 0 when every check passed; 1 when the contract was violated; 2 for a usage error;
3 when the run could not be made (a dependency missing, the target unreachable or silent, the key
refused, the target stopped answering, or the deadline passed).

Only the standard library is imported before the command line is read: a broken installation is
then reported in one line with exit status 3, not as a traceback. Everything printed goes through
a masking stream (no key, in any of its escapings), and Hypothesis keeps its files in a temporary
folder, so a run leaves nothing in the working directory but the reports it was asked for.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .masking import MaskedStream, Masker
from .selection import PHASES, Selection, profile_names
from .shards import parse_shard
from .storage import seed_unicode_cache
from .versions import describe

ENV_BASE_URL = "CLOUDPRINTER_BASE_URL"
ENV_API_KEY = "CLOUDPRINTER_API_KEY"
ENV_API_KEY_OTHER = "CLOUDPRINTER_API_KEY_OTHER"
#: Hypothesis's own variable: when the caller sets it, Hypothesis's files go where it says and stay.
ENV_HYPOTHESIS_DIR = "HYPOTHESIS_STORAGE_DIRECTORY"
EXIT_USAGE = 2
EXIT_CANNOT_RUN = 3


def _positive(kind: type[float] | type[int]) -> Any:
    def parse(text: str) -> float | int:
        value = kind(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"must be between 0 (no cap) and 10000, got {text}")
    return value


def parser() -> argparse.ArgumentParser:
    env = os.environ
    cli = argparse.ArgumentParser(
        prog="cloudcore-contract",
        description="Test a CloudCore API v1.0 server against the contract this tool carries "
        "(schemathesis: examples, coverage, fuzzing, stateful links, custom checks). "
        "Exit status: 0 passed, 1 contract violated, 2 usage error, 3 could not run.",
        epilog="Also: `cloudcore-contract proxy --help` (a validating proxy) and `cloudcore-contract replay --help`.",
    )
    cli.add_argument(
        "--version", action="version", version=describe(), help="print the tool's and its contract's versions"
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
        "--jobs",
        type=_positive(int),
        default=1,
        metavar="N",
        help="run as N shards side by side, one process each (one per core), reported as one run; "
        "they share --max-rate",
    )
    cli.add_argument(
        "--operation",
        action="append",
        default=[],
        metavar="ID",
        help="only this operation (operationId or 'POST /path'; repeatable)",
    )
    cli.add_argument("--phase", action="append", default=[], choices=PHASES, help="only this phase (repeatable)")
    cli.add_argument("-x", "--fail-fast", action="store_true", help="stop at the first failure and report it unshrunk")
    polite = cli.add_argument_group("politeness and bounds")
    polite.add_argument(
        "--max-rate",
        type=_rate,
        metavar="R",
        help="at most R requests per second (default: 10 for a target not on this machine, none on loopback; "
        "0: no cap)",
    )
    polite.add_argument(
        "--request-timeout",
        type=_positive(float),
        default=30.0,
        metavar="S",
        help="seconds one request may take in all: connect, headers, body (default 30)",
    )
    polite.add_argument(
        "--max-retry-wait",
        type=_positive(float),
        default=60.0,
        metavar="S",
        help="the longest Retry-After of a 429/503 that is waited out (default 60); longer: the run stops",
    )
    polite.add_argument(
        "--max-answer-bytes",
        type=_positive(int),
        default=16 * 1024 * 1024,
        metavar="N",
        help="a larger answer is refused unread, as a contract failure (default 16 MiB)",
    )
    polite.add_argument(
        "--deadline",
        type=_positive(float),
        metavar="S",
        help="seconds the whole run may take, cancelling its orders included (default: the profile's)",
    )
    polite.add_argument(
        "--shared-target",
        action="store_true",
        help="other runs use the same accounts now: never reset a simulator (implied by --shard I/N with N > 1 "
        "against a --base-url)",
    )
    cli.add_argument(
        "--unknown-fields",
        choices=("auto", "accepted", "refused"),
        default="auto",
        help="whether the target refuses unknown request fields: auto (probe it; default), accepted (the real "
        "API), refused (a strict server: accepting one is then a failure)",
    )
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


def selection(args: argparse.Namespace, cli: argparse.ArgumentParser) -> Selection:
    """The run the arguments describe (usage errors exit with status 2)."""
    try:
        shard = parse_shard(args.shard)
    except ValueError as exc:
        cli.error(str(exc))
    if args.base_url and not args.api_key:
        cli.error(f"--base-url needs --api-key (or {ENV_API_KEY})")
    if args.base_url and args.app:
        cli.error("--app runs in-process: it cannot be combined with --base-url")
    if args.jobs > 1 and (shard != (1, 1) or args.list):
        cli.error("--jobs runs every shard itself: it cannot be combined with --shard or --list")
    return Selection(
        profile=args.profile,
        base_url=args.base_url,
        api_key=args.api_key,
        other_api_key=args.other_api_key,
        app=args.app,
        operations=frozenset(args.operation),
        phases=frozenset(args.phase),
        shard=shard,
        fail_fast=args.fail_fast,
        junit=args.junit,
        stats=args.stats,
        # An in-process target is each shard's own; a URL's accounts are shared by every shard.
        shared=args.shared_target or (shard[1] > 1 and args.base_url is not None),
        unknown_fields=args.unknown_fields,
        max_rate=args.max_rate,
        request_timeout=args.request_timeout,
        max_retry_wait=args.max_retry_wait,
        max_answer_bytes=args.max_answer_bytes,
        deadline=args.deadline,
    )


def main(argv: Sequence[str] | None = None) -> int:
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] in (["proxy"], ["replay"]):  # their own parsers: docs/proxy.md
        from .proxy.cli import main as proxy_main

        return proxy_main(command)
    cli = parser()
    args = cli.parse_args(argv)
    chosen = selection(args, cli)
    masker = Masker([chosen.api_key, chosen.other_api_key])
    stdout, stderr = sys.stdout, sys.stderr
    masked_out, masked_err = MaskedStream(stdout, masker), MaskedStream(stderr, masker)
    sys.stdout, sys.stderr = masked_out, masked_err
    if args.jobs > 1:
        try:
            from .jobs import run_jobs

            return run_jobs(args, key_variables=(ENV_API_KEY, ENV_API_KEY_OTHER))
        finally:
            masked_out.close_out()
            masked_err.close_out()
            sys.stdout, sys.stderr = stdout, stderr
    storage = None
    if not os.environ.get(ENV_HYPOTHESIS_DIR):
        storage = tempfile.TemporaryDirectory(prefix="cloudcore-contract-hypothesis-")
        os.environ[ENV_HYPOTHESIS_DIR] = storage.name
        seed_unicode_cache(storage.name)
    try:
        try:
            from . import runner
        except ImportError as exc:
            print(
                f"cloudcore-contract: cannot run: {exc} (the installation is incomplete: reinstall cloudcore-contract)",
                file=sys.stderr,
            )
            return EXIT_CANNOT_RUN
        if storage is not None:  # also for a Hypothesis that read the variable before this run set it
            from hypothesis.configuration import set_hypothesis_home_dir

            set_hypothesis_home_dir(storage.name)
        return runner.run(chosen, masker, quiet=args.quiet, listing=args.list)
    finally:
        masked_out.close_out()
        masked_err.close_out()
        sys.stdout, sys.stderr = stdout, stderr
        if storage is not None:
            os.environ.pop(ENV_HYPOTHESIS_DIR, None)
            if "hypothesis.configuration" in sys.modules:
                sys.modules["hypothesis.configuration"].set_hypothesis_home_dir(None)
            storage.cleanup()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
