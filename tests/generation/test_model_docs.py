"""The generated models document themselves from the contract: each attribute carries the
description of its field as its own docstring (openapi-python-client's `docstrings_on_attributes`),
which is what the API reference (mkdocstrings) shows under it, and IDEs show on hover.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from pathlib import Path
from typing import Any

import pytest
from openapi_python_client.strings import PythonIdentifier, pascal_case

import cloudcore_client.models as models
from tests._helpers.spec import load_spec

SCHEMAS: dict[str, Any] = load_spec()["components"]["schemas"]
DOCUMENTED = sorted(name for name, schema in SCHEMAS.items() if schema.get("properties"))


def _words(text: str) -> str:
    return " ".join(text.split())


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """The string literal that follows each annotated attribute in the class body, by attribute name."""
    tree = ast.parse(Path(inspect.getfile(cls)).read_text())
    body = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == cls.__name__).body
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = following.value.value
    return docs


def test_every_schema_with_fields_has_a_model() -> None:
    assert len(DOCUMENTED) > 30
    missing = [name for name in DOCUMENTED if not hasattr(models, pascal_case(name))]
    assert not missing


@pytest.mark.parametrize("schema_name", DOCUMENTED)
def test_each_attribute_carries_its_contract_description(schema_name: str) -> None:
    cls = getattr(models, pascal_case(schema_name))
    docs = _attribute_docstrings(cls)
    for field, schema in SCHEMAS[schema_name]["properties"].items():
        description = schema.get("description")
        if not description:
            continue
        attribute = str(PythonIdentifier(value=field, prefix="field_"))
        assert attribute in docs, f"{cls.__name__}.{attribute} has no docstring"
        assert _words(docs[attribute]).startswith(_words(description)), (cls.__name__, attribute)
        if "example" in schema:
            assert f"Example: {schema['example']}." in _words(docs[attribute])


@pytest.mark.parametrize("schema_name", DOCUMENTED)
def test_no_model_opens_with_an_attributes_block(schema_name: str) -> None:
    # The descriptions live on the attributes; a class docstring is the schema's own text, or none.
    doc = getattr(models, pascal_case(schema_name)).__doc__ or ""
    assert "Attributes:" not in doc
    description = SCHEMAS[schema_name].get("description")
    if description:
        assert _words(description) in _words(doc)
