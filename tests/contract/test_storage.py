"""The seeded Hypothesis storage folder (storage.py): what it writes is what Hypothesis computes."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import configuration
from hypothesis.internal import charmap

from cloudcore_contract import storage
from cloudcore_contract.storage import UTF8_CODEC_CACHE, UTF8_INTERVALS, seed_unicode_cache


@pytest.fixture
def hypothesis_home(tmp_path: Path) -> Iterator[Path]:
    """Hypothesis's storage folder moved to ``tmp_path`` (and its in-memory cache emptied) for one test."""
    # Hypothesis 6.150+ returns a StorageDirectory here, older ones the folder itself.
    before = configuration.storage_directory(intent_to_write=False)
    home = getattr(before, "home_directory", before)
    assert isinstance(home, Path), home
    configuration.set_hypothesis_home_dir(str(tmp_path))
    charmap.intervals_from_codec.cache_clear()
    yield tmp_path
    charmap.intervals_from_codec.cache_clear()
    configuration.set_hypothesis_home_dir(home)


def _stored(home: Path) -> object:
    with gzip.GzipFile(home / UTF8_CODEC_CACHE) as data:
        return json.load(data)


def test_the_seed_is_what_hypothesis_computes_for_utf8(hypothesis_home: Path) -> None:
    encodable, not_round_trip = charmap.intervals_from_codec("utf-8")  # computed: 1.1M code points tried
    assert [[list(pair) for pair in encodable.intervals], list(not_round_trip.intervals)] == UTF8_INTERVALS
    assert _stored(hypothesis_home) == UTF8_INTERVALS  # where and how Hypothesis keeps it


def test_hypothesis_reads_the_seed(hypothesis_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A marker in place of the real answer: what Hypothesis returns shows that it read the file.
    monkeypatch.setattr(storage, "UTF8_INTERVALS", [[[0, 0x7F]], []])
    storage.seed_unicode_cache(hypothesis_home)
    encodable, not_round_trip = charmap.intervals_from_codec("utf-8")
    assert encodable.intervals == ((0, 0x7F),)
    assert not_round_trip.intervals == ()


def test_an_existing_cache_is_kept(tmp_path: Path) -> None:
    path = tmp_path / UTF8_CODEC_CACHE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"theirs")
    seed_unicode_cache(tmp_path)
    assert path.read_bytes() == b"theirs"
