"""Cases that depend on the contract, the profile and the seed, not on the source files beside the run.

Hypothesis mixes constants found in "local" source files into what it draws: every module imported
from outside site-packages, which is a service's own code when it runs the tool from its repository
(and this tool's, installed editable). To find them it parses each such file's syntax tree when
the run starts: about 0.4 s of every run here. For a contract run those values mean nothing (the
server under test is not that code), and a derandomized CI run would change its cases whenever an
unrelated file changed. :func:`without_local_constants` gives the run an empty pool instead. It
patches one Hypothesis internal; were a later Hypothesis to rename it, nothing is patched and the
run draws as Hypothesis would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["without_local_constants"]


@contextmanager
def without_local_constants() -> Iterator[None]:
    """While open, Hypothesis's pool of local constants stays empty and no source file is parsed."""
    from hypothesis.internal.conjecture import providers

    original = getattr(providers, "_get_local_constants", None)
    empty = getattr(providers, "_local_constants", None)
    if not callable(original) or empty is None or len(empty):
        yield  # another Hypothesis, or a pool already filled by this process: left as it is
        return

    def no_local_constants() -> Any:
        return empty

    providers._get_local_constants = no_local_constants
    try:
        yield
    finally:
        providers._get_local_constants = original
