"""The repository's scripts (scripts/*.py are files, not a package), loaded as modules for the tests that
check what they write."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

from tests._helpers.spec import REPO


@cache
def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module, loaded once per test process."""
    spec = importlib.util.spec_from_file_location(f"scripts_{name}", REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and typing resolve the module's own names through here
    spec.loader.exec_module(module)
    return module
