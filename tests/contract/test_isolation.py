"""A service's pytest environment does not reach the contract suite (``isolation.py``).

A service runs the tool in its own CI: ``PYTEST_ADDOPTS`` set for its own tests (``-n auto`` of
pytest-xdist, which is installed here too, or an option of a plugin the suite does not load),
``PYTEST_PLUGINS``, and pytest plugins installed in its venv. Before, ``PYTEST_ADDOPTS="-n 2"``
made the run fail with exit status 1, as a contract violation would, and an unknown plugin in
``PYTEST_PLUGINS`` ended it with a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import forked
from .runs import env, tool

ONE_OPERATION = ("--phase", "examples", "--operation", "listProducts")


def _installed_plugin(site: Path) -> None:
    """A pytest plugin "installed" on ``site`` (a dist-info with a ``pytest11`` entry point), which
    breaks any pytest session that loads it."""
    dist = site / "service_pytest_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: service-pytest-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pytest11]\nservice = service_pytest_plugin\n")
    (site / "service_pytest_plugin.py").write_text(
        "def pytest_configure(config):\n    raise RuntimeError('a service plugin ran inside the contract suite')\n"
    )


@pytest.mark.timeout(240)
def test_the_services_pytest_options_plugins_and_installed_plugins_stay_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _installed_plugin(site)
    service_env = {
        "PYTEST_ADDOPTS": "-n 2 --timeout=5 --no-such-option",
        "PYTEST_PLUGINS": "no_such_plugin_module",
        "PYTHONPATH": str(site),
    }
    run = tool(tmp_path / "run", *ONE_OPERATION, timeout=200, extra_env=service_env, fresh=True)
    assert run.returncode == 0, run.describe()
    assert run.stats["cases"] >= 1, run.describe()
    assert "service plugin" not in run.output
    assert not run.failures, run.describe()


def test_a_forked_run_refuses_an_interpreter_environment_it_cannot_have(tmp_path: Path) -> None:
    """forked.py's runs share the fork server's imports: a PYTHONPATH of their own would silently not apply."""
    with pytest.raises(ValueError, match="fresh interpreter"):
        forked.run(["--version"], cwd=tmp_path, env={**env(), "PYTHONPATH": str(tmp_path)}, timeout=60)
    done = forked.run(["--version"], cwd=tmp_path, env=env(), timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("cloudcore-contract "), done.stdout
