"""The proxy tests' fixture; what they share otherwise is tests/_helpers/proxy.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests._helpers.proxy import Stack, simulator, stack


@pytest.fixture
def default_stack() -> Iterator[Stack]:
    """The proxy in front of a default-mode simulator."""
    with stack(simulator()) as running:
        yield running
