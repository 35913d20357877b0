"""The suite's pytest session is the tool's own: the service's pytest settings do not reach it.

A service runs the tool in its own CI, whose environment tunes pytest for the service's tests:
``PYTEST_ADDOPTS="-n auto"`` (pytest-xdist), ``--timeout``, plugins installed in its venv
(pytest-randomly, pytest-django and the like). Applied to the contract suite they break it
(xdist workers cannot run it: the run ended with exit status 1, as if the contract had been
violated) or change it (a plugin that reorders or reseeds tests). The runner already ignores the
service's configuration files and conftest (``-c os.devnull``, ``--noconftest``); while
:func:`own_session` is open, pytest reads neither ``PYTEST_ADDOPTS`` nor ``PYTEST_PLUGINS`` and
loads no installed plugin by itself: the runner names the two the suite needs
(:data:`SUITE_PLUGINS`). Not loading the others also saves 0.2 to 0.3 s of every run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

__all__ = ["IGNORED_VARIABLES", "SUITE_PLUGINS", "own_session"]

#: The pytest plugins the suite runs with: schemathesis's (its parametrized API tests) and
#: Hypothesis's (its options and health checks), by module, as ``-p`` loads them.
SUITE_PLUGINS: Final = ("schemathesis.pytest.plugin", "_hypothesis_pytestplugin")
#: What pytest would read from the environment and apply to any session in the process.
IGNORED_VARIABLES: Final = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS")
_NO_AUTOLOAD: Final = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"


@contextmanager
def own_session() -> Iterator[None]:
    """While open, pytest ignores the variables above and auto-loads no plugin; then all is restored."""
    names = (*IGNORED_VARIABLES, _NO_AUTOLOAD)
    saved = {name: os.environ.get(name) for name in names}
    for name in IGNORED_VARIABLES:
        os.environ.pop(name, None)
    os.environ[_NO_AUTOLOAD] = "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
