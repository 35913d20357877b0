"""Slices of a run: the work is units of (phase, operation), plus the stateful scenarios in parts.

``--shard I/N`` keeps the units assigned to slice I. Part k of the stateful scenarios goes to shard
k; the stateless units are then dealt out largest first to the least loaded shard (estimated cost
per phase and operation), so the N slices take about equally long and together are exactly the
unsharded run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Relative cost of one unit per phase (measured on the `ci` profile: fuzzing dominates the stateless work).
PHASE_COST = {"examples": 1.0, "coverage": 4.0, "fuzzing": 12.0}
#: ... times this for the operations whose bodies are far larger than the rest (`ci` profile in-process,
#: 2026-12-04: fuzzing orders/add 6.6 s and orders/quote 4.8 s, every other operation 0.35 to 0.65 s;
#: their coverage units alike). Without it, two shards took 8 s and 22 s.
OPERATION_WEIGHT = {"POST /orders/add": 12.0, "POST /orders/quote": 9.0}
#: Tests that run in every shard: they judge the shard's own run (links followed, case volume).
ALWAYS = frozenset({"test_every_link_followed", "test_case_volume"})

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4); shards count from 1."""
    match = _SHARD.match(text)
    if match is None:
        raise ValueError(f"--shard wants I/N (for example 2/4), got {text!r}")
    index, total = int(match[1]), int(match[2])
    if not 1 <= index <= total:
        raise ValueError(f"--shard {text}: I must be between 1 and N")
    return index, total


@dataclass(frozen=True, slots=True, order=True)
class Unit:
    """One piece of work: a stateless phase of one operation, or one part of the stateful scenarios."""

    phase: str
    #: The operation's label (``POST /orders/add``), or ``part k/N`` of the stateful phase.
    subject: str

    def __str__(self) -> str:
        return f"{self.phase} {self.subject}"


def unit_of(test_name: str, parameter: str | None) -> Unit | None:
    """The unit a collected test is (None for the tests every shard runs)."""
    if test_name in ALWAYS or parameter is None:
        return None
    phase = test_name.removeprefix("test_")
    return Unit("stateful" if phase == "stateful_links" else phase, parameter)


def assign(units: Iterable[Unit], total: int) -> dict[Unit, int]:
    """Unit -> shard (1-based), deterministic for a given set of units."""
    shard_of: dict[Unit, int] = {}
    loads = [0.0] * total
    stateless = []
    for unit in sorted(set(units)):
        if unit.phase == "stateful":
            index = int(re.findall(r"\d+", unit.subject)[0]) if re.search(r"\d+", unit.subject) else 1
            shard_of[unit] = (index - 1) % total + 1
        else:
            stateless.append(unit)
    for unit in sorted(stateless, key=lambda u: (-_cost(u), u)):
        lightest = min(range(total), key=lambda i: (loads[i], i))
        loads[lightest] += _cost(unit)
        shard_of[unit] = lightest + 1
    return shard_of


def _cost(unit: Unit) -> float:
    return PHASE_COST.get(unit.phase, 1.0) * OPERATION_WEIGHT.get(unit.subject, 1.0)


def select(units: Sequence[Unit], shard: tuple[int, int]) -> set[Unit]:
    index, total = shard
    return {unit for unit, owner in assign(units, total).items() if owner == index}


def plan(
    labels: Mapping[str, str],
    *,
    phases: Iterable[str] = (),
    operations: Iterable[str] = (),
    shard: tuple[int, int] = (1, 1),
) -> list[Unit]:
    """The units one run does: every phase of every operation (``labels``: operationId -> label),
    narrowed to the chosen ``phases`` and ``operations`` (ids or labels), then to its ``shard``.

    The stateful scenarios are split into one part per shard; naming operations leaves the stateful
    phase out unless it is named too (it runs across all operations).
    """
    phases, operations = set(phases), set(operations)
    chosen = {labels.get(name, name) for name in operations}
    units = [Unit(phase, label) for phase in PHASE_COST for label in labels.values()]
    units += [Unit("stateful", f"part {part}/{shard[1]}") for part in range(1, shard[1] + 1)]
    wanted = [
        unit
        for unit in units
        if (not phases or unit.phase in phases)
        and (not chosen or unit.subject in chosen or (unit.phase == "stateful" and "stateful" in phases))
    ]
    return sorted(select(wanted, shard))
