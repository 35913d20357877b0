"""``python -m cloudcore_contract``: the same as the ``cloudcore-contract`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
