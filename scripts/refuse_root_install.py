"""The build backend of the repository root: `pip install .` here is refused with what to do instead.

The repository holds three installable packages in their own folders, not one at its root. pip
calls a backend hook first for `pip install .`, `pip install -e .` and `python -m build`; each hook
here stops with the same message instead of a setuptools traceback about a flat layout.
"""

from __future__ import annotations

from typing import NoReturn

MESSAGE = """\
The repository root of cloudcore is not a package. Install the one you need from its folder:

    pip install ./generated_client    # cloudcore-client: the typed client
    pip install ./simulator           # cloudcore-simulator: the simulator and its pytest fixture
    pip install ./contract            # cloudcore-contract: the contract tests of any CloudCore server

(add -e for an editable install). To work on the toolkit itself: python3 -m venv .venv &&
.venv/bin/pip install -r requirements/nox.txt && .venv/bin/nox (see CONTRIBUTING.md)."""


class RootInstallRefused(RuntimeError):
    """Raised by every hook: the root is not installable."""


def _refuse(*_args: object, **_kwargs: object) -> NoReturn:
    raise RootInstallRefused(MESSAGE)


get_requires_for_build_wheel = _refuse
get_requires_for_build_sdist = _refuse
get_requires_for_build_editable = _refuse
prepare_metadata_for_build_wheel = _refuse
prepare_metadata_for_build_editable = _refuse
build_wheel = _refuse
build_sdist = _refuse
build_editable = _refuse
