"""Every JSON example of the published documentation is attached, unchanged, to its operation."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests._helpers.spec import REPO

DOC = REPO / "openapi" / "reference" / "cloudcore-api-1.0.txt"
BASE = "https://api.cloudprinter.com/cloudcore/1.0"


def _json_after(text: str, start: int) -> Any:
    """Decode the JSON document that begins at the first `{` or `[` after `start`.

    The published product-info example carries a `// Deprecated` comment: comments are removed.
    """
    begin = min(i for i in (text.find("{", start), text.find("[", start)) if i >= 0)
    uncommented = re.sub(r"(?<!:)//[^\n]*", "", text[begin:])
    value, _ = json.JSONDecoder().raw_decode(uncommented)
    return value


def documented_examples() -> list[tuple[str, str, Any]]:
    """(path, 'request' | 'response', example) in the order the documentation gives them."""
    text = DOC.read_text(encoding="utf-8")
    found: list[tuple[str, str, Any]] = []
    endpoints = [(m.start(), m.group(1)) for m in re.finditer(rf"endpoint\n{re.escape(BASE)}(/\S+)\n", text)]
    for index, (start, path) in enumerate(endpoints):
        end = endpoints[index + 1][0] if index + 1 < len(endpoints) else len(text)
        section = text[start:end]
        for kind, marker in (("request", "Example request"), ("response", "Example JSON Response")):
            at = section.find(marker)
            if at >= 0:
                found.append((path, kind, _json_after(section, at)))
    return found


def test_the_documentation_yields_all_examples() -> None:
    examples = documented_examples()
    assert {path for path, _, _ in examples} == {
        "/orders/",
        "/orders/info",
        "/orders/add",
        "/orders/cancel",
        "/orders/log",
        "/orders/quote",
        "/products",
        "/products/info",
        "/shipping/levels",
        "/shipping/countries",
        "/shipping/states",
    }
    # Eleven requests; cancel is the one operation the documentation shows no response for.
    assert sum(kind == "request" for _, kind, _ in examples) == 11
    assert sum(kind == "response" for _, kind, _ in examples) == 10


@pytest.mark.parametrize(("path", "kind", "example"), documented_examples(), ids=lambda v: str(v)[:30])
def test_documented_example_is_attached_to_its_operation(
    spec: dict[str, Any], path: str, kind: str, example: Any
) -> None:
    op = spec["paths"][path]["post"]
    if kind == "request":
        attached = op["requestBody"]["content"]["application/json"]["examples"]
    else:
        success = next(s for s in op["responses"] if s in {"200", "201"})
        attached = op["responses"][success]["content"]["application/json"]["examples"]
    assert attached["documented"]["value"] == example
