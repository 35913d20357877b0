"""Hypothesis's storage folder for one run: a new temporary folder, seeded with what it would compute.

Standard library only (the command line uses it before the heavy imports).

Before Hypothesis draws its first string it works out which characters the codec (UTF-8) can
encode and read back, by trying each of the 1,114,112 code points: about 1.3 s, which it caches in
its storage folder (``unicode_data/<Unicode version>/codec-v2-utf-8.json.gz``). The tool gives
each run a new folder (so that a run leaves nothing behind), so every run paid that again. The
answer for UTF-8 is known: every code point but the surrogates, each read back as written.
``tests/contract/test_storage.py`` checks that this is what the installed Hypothesis computes and
reads back; a Hypothesis that keeps the cache under another name or shape ignores the file (or fails
to read it, and computes the answer as before), so the seed can make a run faster, never different.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path
from typing import Final

__all__ = ["UTF8_CODEC_CACHE", "UTF8_INTERVALS", "seed_unicode_cache"]

#: Where Hypothesis keeps the UTF-8 answer, relative to its storage folder.
UTF8_CODEC_CACHE: Final = Path("unicode_data", unicodedata.unidata_version, "codec-v2-utf-8.json.gz")
#: [encodable intervals, intervals that do not read back as written]: all but the surrogates; none.
UTF8_INTERVALS: Final = [[[0, 0xD7FF], [0xE000, 0x10FFFF]], []]


def seed_unicode_cache(home: str | Path) -> None:
    """Write the UTF-8 answer into a new Hypothesis storage folder ``home`` (an existing file is kept)."""
    path = Path(home) / UTF8_CODEC_CACHE
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=1) as out:  # as Hypothesis writes it
        out.write(json.dumps(UTF8_INTERVALS).encode("ascii"))
