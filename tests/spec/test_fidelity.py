"""The fidelity rule, checked on the contract itself (openapi/cloudcore.yaml, Python jsonschema).

Every request constraint names its source, and every citation says where: a ``docs:`` clause
quotes a phrase that is in the documentation (on the line it names), a ``facts:`` clause one that
is in FACTS.md, an ``sdk:`` clause names the validator it comes from. The same holds for the
simulator's refusals (``simulated.REFUSALS``). What the sources allow is accepted (``PROBES``),
what they refuse is refused (``DOCUMENTED_RULES``), and every conditional rule holds whatever the
case of the country code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cloudcore_simulator import simulated
from tests._helpers.scripts import load_script
from tests._helpers.spec import REPO, Validate, iter_operations, resolve
from tests.sdk_requests import (
    CASED_RULE_CASES,
    DOCUMENTED_RULES,
    NODE_VALIDATORS,
    PHP_VALIDATORS,
    PROBES,
    RULE_CASES,
    SDK_SHAPES,
    DocumentedRule,
    Probe,
    RuleCase,
    with_key,
)

REFERENCE = REPO / "openapi" / "reference"
DOCS = REFERENCE / "cloudcore-api-1.0.txt"
FACTS = REFERENCE / "FACTS.md"
ORIGINALS = REPO.parent / "shared" / "api"
"""Where the team's working copy keeps the originals (`../shared/api` beside the checkout); a clone elsewhere has
none, and the sha256 alone holds the copies."""

CONSTRAINT_KEYWORDS = frozenset(
    {
        "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "format", "enum", "const", "minItems", "maxItems", "uniqueItems", "minProperties",
        "maxProperties", "if", "not", "dependentRequired", "dependentSchemas",
    }
)  # fmt: skip
SOURCE = "x-cloudcore-source"
_TABLE = load_script("fidelity_table")
"""scripts/fidelity_table.py: its walk over the request schemas is the one this test checks."""
RULE = "x-cloudcore-rule"


def _request_schema_names(spec: dict[str, Any]) -> set[str]:
    """Every component schema reachable from a request body."""
    return set(_TABLE.request_schemas(spec))


def _schema_nodes(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema that constrains a value, walked as docs/fidelity.md's table walks it."""
    walked: Iterator[tuple[str, dict[str, Any]]] = _TABLE.schema_nodes(node, where)
    return walked


def _constraints(node: dict[str, Any]) -> set[str]:
    """The constraint keywords of a schema node; ``type: integer`` counts (it refuses 1.5, a number)."""
    found = set(CONSTRAINT_KEYWORDS & set(node))
    if node.get("type") == "integer":
        found.add("type")
    return found


def contract_sources(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(where, keyword, source) of every ``x-cloudcore-source`` of the request schemas."""
    found = []
    for name in sorted(_request_schema_names(spec)):
        for where, node in _schema_nodes(spec["components"]["schemas"][name], name):
            found += [(where, keyword, source) for keyword, source in node.get(SOURCE, {}).items()]
    return found


def test_every_request_constraint_names_its_source(spec: dict[str, Any]) -> None:
    names = _request_schema_names(spec)
    assert {"AddOrderRequest", "Address", "OrderItem", "QuoteRequest", "QuoteItem", "Count"} <= names
    checked = 0
    for name in sorted(names):
        for where, node in _schema_nodes(spec["components"]["schemas"][name], name):
            constraints = _constraints(node)
            sources = node.get(SOURCE, {})
            assert set(sources) == constraints, f"{where}: constraints {sorted(constraints)}, sources {sorted(sources)}"
            for keyword, source in sources.items():
                kinds = {clause.kind for clause in clauses(source)}
                assert kinds, f"{where}.{keyword}: {source!r}"
                assert kinds <= {"docs", "sdk", "facts"}, f"{where}.{keyword}: {source!r}"
            if "if" in node:
                assert node.get(RULE), f"{where}: a conditional rule needs its {RULE} words for the 400"
            checked += len(constraints)
    assert checked >= 30


# ---- citations --------------------------------------------------------------------------------
class Clause:
    """One clause of a source: its kind (docs, facts, sdk, simulated) and its text."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text

    def phrases(self) -> list[tuple[int | None, int | None, str]]:
        """(first line, last line, phrase) of each quoted phrase; lines None when the clause names none."""
        found = []
        for match in re.finditer(r"(?:lines? (\d+)(?:-(\d+))? )?'([^']+)'", self.text):
            first = int(match.group(1)) if match.group(1) else None
            last = int(match.group(2)) if match.group(2) else first
            found.append((first, last, match.group(3)))
        return found


def clauses(source: str) -> list[Clause]:
    """A source split into its clauses (``docs: ...; sdk: ...``); text before the first kind is refused."""
    parts = re.split(r"(?:^|; )(docs|facts|sdk|simulated): ", source)
    assert parts[0] == "", f"a source starts with docs:, facts:, sdk: or simulated: - {source!r}"
    return [Clause(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def _normal(text: str) -> str:
    return " ".join(text.replace("`", "").split()).casefold()


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def citation_problems(where: str, source: str) -> list[str]:
    """What is wrong with the citations of one source (empty: each is where it says)."""
    problems = []
    for clause in clauses(source):
        if clause.kind in ("docs", "facts"):
            lines = _lines(DOCS if clause.kind == "docs" else FACTS)
            phrases = clause.phrases()
            if not phrases:
                problems.append(f"{where}: the {clause.kind} clause quotes no phrase: {clause.text!r}")
            if clause.text.count("'") != 2 * len(phrases):
                problems.append(f"{where}: an apostrophe outside a quoted phrase: {clause.text!r}")
            for first, last, phrase in phrases:
                if clause.kind == "facts" and first is not None:
                    problems.append(f"{where}: FACTS.md is cited by phrase, not line: {phrase!r}")
                lo, hi = (1, len(lines)) if first is None or last is None else (first, last)
                if _normal(phrase) not in _normal(" ".join(lines[lo - 1 : hi])):
                    at = "" if first is None else f" on line {first}" + (f"-{last}" if last != first else "")
                    problems.append(
                        f"{where}: {phrase!r} is not{at} in {DOCS.name if clause.kind == 'docs' else 'FACTS.md'}"
                    )
        elif clause.kind == "sdk":
            named = [
                v for v in NODE_VALIDATORS + PHP_VALIDATORS if re.search(rf"(?<![\w-]){re.escape(v)}", clause.text)
            ]
            if not named:
                problems.append(f"{where}: the sdk clause names no validator: {clause.text!r}")
        elif not clause.text.strip():
            problems.append(f"{where}: an empty simulated clause")
    return problems


def all_sources(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, source) of every citation: the contract's notes and the simulator's refusals."""
    found = [(f"{where}.{keyword}", source) for where, keyword, source in contract_sources(spec)]
    found += [(f"simulated.REFUSALS {r.type} ({r.when})", r.source) for r in simulated.REFUSALS]
    return found


def test_every_citation_is_where_it_says(spec: dict[str, Any]) -> None:
    sources = all_sources(spec)
    assert len(sources) >= 60
    problems = [problem for where, source in sources for problem in citation_problems(where, source)]
    assert problems == []
    kinds = {clause.kind for _, source in sources for clause in clauses(source)}
    assert kinds == {"docs", "facts", "sdk", "simulated"}


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("docs: line 734 'The number of copies to produce'", None),
        ("docs: line 735 'The number of copies to produce'", "is not on line 735"),
        ("docs: 'a phrase the documentation does not have'", "is not in"),
        ("docs: the count is a number", "quotes no phrase"),
        ("docs: line 734 'The number of copies to produce' (the SDK's way)", "apostrophe"),
        ("facts: 'Only one option of a given type per item'", None),
        ("facts: 'total_pages is required for books'", None),
        ("facts: 'Only one option per item'", "is not in FACTS.md"),
        ("sdk: Node order-validator.js `Joi.number().min(1)`", None),
        ("sdk: the Node SDK's Joi.number()", "names no validator"),
        ("the documentation says so", "starts with"),
    ],
)
def test_the_citation_check_catches_a_wrong_citation(source: str, problem: str | None) -> None:
    try:
        problems = citation_problems("here", source)
    except AssertionError as exc:
        problems = [str(exc)]
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1, problems
        assert problem in problems[0], problems


@pytest.mark.parametrize(
    ("copy", "original", "digest"),
    [
        (DOCS, "000_29341b2650624e05.txt", "926013d25f020f8b047f8e998ff3280c3c785f259b7106d4ffbb6e9985a8b81b"),
        (FACTS, "FACTS.md", "c81bf87ea9fc83e07a61a4ddba7e55ec6122ebec706a995e922214954a0a0c18"),
    ],
)
def test_the_reference_copies_are_verbatim(copy: Path, original: str, digest: str) -> None:
    """The copies match the sha256 recorded in openapi/reference/README.md, and the originals where present."""
    data = copy.read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest
    assert digest in (REFERENCE / "README.md").read_text(encoding="utf-8")
    if (ORIGINALS / original).is_file():
        assert data == (ORIGINALS / original).read_bytes()


def test_no_invented_limits_remain(spec: dict[str, Any]) -> None:
    """No length limits at all on requests (neither the docs nor the SDKs set any)."""
    for name in _request_schema_names(spec):
        for where, node in _schema_nodes(spec["components"]["schemas"][name], name):
            assert not {"maxLength", "maxItems", "maximum"} & set(node), where


@pytest.mark.parametrize(("name", "path", "body"), SDK_SHAPES, ids=[case[0] for case in SDK_SHAPES])
def test_sdk_request_shapes_are_accepted(
    spec: dict[str, Any], validate: Validate, name: str, path: str, body: Any
) -> None:
    validate(spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"], with_key(body, "k"))


def test_documented_request_examples_are_accepted(spec: dict[str, Any], validate: Validate) -> None:
    for _, _, op in iter_operations(spec):
        media = op["requestBody"]["content"]["application/json"]
        validate(media["schema"], media["examples"]["documented"]["value"])


FORMATS = jsonschema.FormatChecker()
FORMATS.checkers = dict(jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers)
_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f]*")


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    """RFC 3986's absolute URI in outline (Python jsonschema checks ``uri`` only with rfc3987 installed)."""
    return not isinstance(value, str) or _ABSOLUTE_URI.fullmatch(value) is not None


def spec_verdict(spec: dict[str, Any], path: str, body: dict[str, Any]) -> list[str]:
    """The messages of Python jsonschema on the yaml for ``body`` (empty: valid)."""
    schema = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    root = {**schema, "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(root, format_checker=FORMATS)
    return [error.message for error in validator.iter_errors(body)]


ALL_RULE_CASES = RULE_CASES + CASED_RULE_CASES


@pytest.mark.parametrize("case", ALL_RULE_CASES, ids=[case.name for case in ALL_RULE_CASES])
def test_conditional_rules_are_in_the_contract(spec: dict[str, Any], case: RuleCase) -> None:
    problems = spec_verdict(spec, case.path, with_key(case.body, "k"))
    if case.valid:
        assert problems == []
    else:
        assert problems == [f"'{case.missing.rsplit('.', 1)[-1]}' is a required property"]


def test_each_conditional_rule_has_a_passing_and_a_failing_case_in_every_case(spec: dict[str, Any]) -> None:
    rules = {
        node[RULE]
        for name in _request_schema_names(spec)
        for _, node in _schema_nodes(spec["components"]["schemas"][name], name)
        if RULE in node
    }
    assert len(rules) == 6
    assert rules == {case.rule for case in RULE_CASES}
    for rule in rules:
        assert {case.valid for case in RULE_CASES if case.rule == rule} == {True, False}, rule
    country_rules = {case.rule for case in CASED_RULE_CASES}
    assert len(country_rules) == 4
    for rule in country_rules:
        for recase in ("lower case", "mixed case"):
            verdicts = {case.valid for case in CASED_RULE_CASES if case.rule == rule and recase in case.name}
            assert False in verdicts, (rule, recase)


def _country_conditions(spec: dict[str, Any]) -> list[list[str]]:
    conditions = []
    for name in ("Address", "QuoteRequest"):
        for rule in spec["components"]["schemas"][name]["allOf"]:
            country = rule["if"].get("properties", {}).get("country")
            if country is not None:
                assert set(country) == {"enum"}, f"{name}: a country condition is an enum of every case"
                conditions.append(country["enum"])
    return conditions


def test_country_conditions_match_every_case(spec: dict[str, Any]) -> None:
    """Each conditional on a country lists each code in all four cases (US, us, Us, uS), nothing else."""
    conditions = _country_conditions(spec)
    assert len(conditions) == 4
    for values in conditions:
        codes = {value.upper() for value in values}
        expected = {
            v for code in codes for v in (code, code.lower(), code[0] + code[1].lower(), code[0].lower() + code[1])
        }
        assert set(values) == expected
        assert len(values) == len(expected)


def test_zip_exemptions_are_the_official_sdks_list(spec: dict[str, Any]) -> None:
    address = spec["components"]["schemas"]["Address"]
    (exempt,) = [rule["if"]["properties"]["country"]["enum"] for rule in address["allOf"] if "else" in rule]
    codes = {value.upper() for value in exempt}
    assert len(codes) == 65
    assert {"IE", "HK", "AE", "QA", "PE", "VU"} <= codes
    assert not {"US", "DE", "NL", "GB"} & codes


def _fill(body: dict[str, Any]) -> dict[str, Any]:
    """A probe body with its ``{quote}`` placeholder filled by a well-formed hash."""
    filled = with_key(body, "k")
    for item in filled.get("items", []):
        if item.get("quote") == "{quote}":
            item["quote"] = "a" * 64
    return filled


@pytest.mark.parametrize("probe", PROBES, ids=[probe.name for probe in PROBES])
def test_what_the_sources_allow_the_contract_accepts(spec: dict[str, Any], probe: Probe) -> None:
    for path, body in probe.before:
        assert spec_verdict(spec, path, with_key(body, "k")) == []
    assert spec_verdict(spec, probe.path, _fill(probe.body)) == []


SCHEMA_RULES = [rule for rule in DOCUMENTED_RULES if rule.schema]


@pytest.mark.parametrize("rule", SCHEMA_RULES, ids=[rule.name for rule in SCHEMA_RULES])
def test_what_the_sources_refuse_the_contract_refuses(spec: dict[str, Any], rule: DocumentedRule) -> None:
    assert spec_verdict(spec, rule.path, _fill(rule.body)) != []


def test_business_rules_are_not_the_contracts(spec: dict[str, Any]) -> None:
    """The rules marked ``schema=False`` need state or the catalogue: the contract alone lets them pass."""
    for rule in DOCUMENTED_RULES:
        if not rule.schema:
            assert spec_verdict(spec, rule.path, _fill(rule.body)) == [], rule.name


def test_quote_currency_defaults_to_eur(spec: dict[str, Any]) -> None:
    assert spec["components"]["schemas"]["QuoteRequest"]["properties"]["currency"]["default"] == "EUR"


def test_sdk_only_fields_are_modelled_and_marked(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    item = schemas["OrderItem"]["properties"]
    for field in ("shipping_option", "type"):
        assert "SDK" in item[field]["description"], field
    for field in ("shipping_level", "files"):
        assert "Node SDK" in schemas["QuoteItem"]["properties"][field]["description"], field
    assert "PHP SDK" in schemas["OrderMeta"]["description"]
    assert schemas["OrderMeta"]["additionalProperties"] is True


@pytest.mark.parametrize(
    ("schema", "optional"),
    [
        ("OrderInfoAddress", {"zip", "state", "company", "street2", "email", "phone"}),
        ("OrderInfoItem", {"shipping_option", "tracking", "options", "files"}),
        ("OrderInfo", {"is_cancelable"}),
    ],
)
def test_response_fields_that_can_be_absent_are_optional(spec: dict[str, Any], schema: str, optional: set[str]) -> None:
    definition = spec["components"]["schemas"][schema]
    assert set(definition["properties"]) - set(definition["required"]) == optional


def test_response_numbers_documented_as_strings_accept_both(spec: dict[str, Any], validate: Validate) -> None:
    quote = resolve(spec, spec["paths"]["/orders/quote"]["post"]["responses"]["200"])
    example = quote["content"]["application/json"]["examples"]["documented"]["value"]
    as_numbers = {**example, "price": 4.5412, "vat": 0, "invoice_exchange_rate": 1}
    as_numbers["subtotals"] = {"items": 1.7912, "fee": 2.75, "app_fee": 0}
    as_numbers["shipments"] = [{**example["shipments"][0], "total_weight": 712}]
    validate({"$ref": "#/components/schemas/Quote"}, as_numbers)
