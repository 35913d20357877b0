"""schemathesis's per-operation configuration, resolved once per operation and phase for a run.

schemathesis 4 works out the generation and check settings of an operation for every case it
generates and for every answer it checks (``ProjectConfig.generation_for``, ``checks_config_for``):
it walks the ``[[operations]]`` filters and merges four layers of configuration each time. With this
suite's per-operation sections that was about a fifth of a run's CPU time, for an answer that
cannot change once collection has built the run's schemas (nothing changes their configuration
afterwards). :func:`cached_configs` memoizes both while it is open (the plugin opens it when
collection is finished and closes it at the end of the session), per configuration object,
operation and phase. Were a later schemathesis to rename these methods, nothing is patched: the
run is as fast as before, never different.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from schemathesis.config import ProjectConfig

__all__ = ["cached_configs"]

_RESOLVERS = ("generation_for", "checks_config_for")


@contextmanager
def cached_configs() -> Iterator[None]:
    """While open, ``generation_for`` and ``checks_config_for`` answer from a memo of this run."""
    if not all(callable(getattr(ProjectConfig, name, None)) for name in _RESOLVERS):
        yield
        return
    originals: dict[str, Callable[..., Any]] = {name: getattr(ProjectConfig, name) for name in _RESOLVERS}
    #: (config id, resolver, operation label, phase) -> (config, answer): the config is kept, so its id stays its own.
    memo: dict[tuple[int, str, str | None, str | None], tuple[Any, Any]] = {}

    def memoized(name: str) -> Callable[..., Any]:
        original = originals[name]

        @functools.wraps(original)
        def resolve(self: Any, *, operation: Any = None, phase: str | None = None) -> Any:
            key = (id(self), name, None if operation is None else str(operation.label), phase)
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = (self, original(self, operation=operation, phase=phase))
            return hit[1]

        return resolve

    for name in _RESOLVERS:
        setattr(ProjectConfig, name, memoized(name))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(ProjectConfig, name, original)
        memo.clear()
