# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_object, as_text
from ..types import Unset

T = TypeVar("T", bound="Product")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "name",
        "note",
        "reference",
        "category",
        "from_price",
        "currency",
    }
)


@_attrs_define
class Product:
    """
    Attributes:
        name (str): Product short name.
        note (str): Product long description.
        reference (str): Product API reference.
        category (str): Product category.
        from_price (str): A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
            carry a JSON number instead (reported), so both are accepted. The client reads it as the
            documented string (a JSON number becomes its decimal text), so amounts never pass through
            a float and code can rely on one type: `Decimal(value)`.
        currency (str): The currency in ISO 4217.
    """

    name: str
    note: str
    reference: str
    category: str
    from_price: str
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        note = self.note

        reference = self.reference

        category = self.category

        from_price = self.from_price

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "note": note,
                "reference": reference,
                "category": category,
                "from_price": from_price,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "Product")
        name = d["name"]
        if type(name) is not str:
            name = as_text(name, "name")

        note = d["note"]
        if type(note) is not str:
            note = as_text(note, "note")

        reference = d["reference"]
        if type(reference) is not str:
            reference = as_text(reference, "reference")

        category = d["category"]
        if type(category) is not str:
            category = as_text(category, "category")

        from_price = d["from_price"]
        if type(from_price) is not str:
            from_price = as_text(from_price, "from_price")

        currency = d["currency"]
        if type(currency) is not str:
            currency = as_text(currency, "currency")

        product = cls(
            name=name,
            note=note,
            reference=reference,
            category=category,
            from_price=from_price,
            currency=currency,
        )

        if len(d) > 6:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        product.additional_properties = extra
        return product

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("name", self.name),
            ("note", self.note),
            ("reference", self.reference),
            ("category", self.category),
            ("from_price", self.from_price),
            ("currency", self.currency),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        if self.additional_properties:
            shown.append(f"additional_properties={self.additional_properties!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
