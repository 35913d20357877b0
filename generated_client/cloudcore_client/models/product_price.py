# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_object,
    as_text,
    unknown_fields,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductPrice")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "price",
        "min",
        "max",
        "note",
        "reference",
        "currency",
        "price_unit",
        "price_unit_type",
        "type",
    }
)


@_attrs_define
class ProductPrice:
    """A deprecated price entry of `products/info`."""

    price: str | Unset = UNSET
    """Product or option price.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    min_: str | Unset = UNSET
    """Minimum item quantity of the range.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    max_: str | Unset = UNSET
    """Maximum item quantity of the range.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    note: str | Unset = UNSET
    """Product long description."""
    reference: str | Unset = UNSET
    """For options, the API reference."""
    currency: str | Unset = UNSET
    """The currency in ISO 4217."""
    price_unit: str | Unset = UNSET
    """The price unit (Pr. Order, Pr. Item, Pr. Quantity, Pr. Page)."""
    price_unit_type: str | Unset = UNSET
    """The price unit type."""
    type_: str | Unset = UNSET
    """Type of price (product, option)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        price = self.price

        min_ = self.min_

        max_ = self.max_

        note = self.note

        reference = self.reference

        currency = self.currency

        price_unit = self.price_unit

        price_unit_type = self.price_unit_type

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if price is not UNSET:
            field_dict["price"] = price
        if min_ is not UNSET:
            field_dict["min"] = min_
        if max_ is not UNSET:
            field_dict["max"] = max_
        if note is not UNSET:
            field_dict["note"] = note
        if reference is not UNSET:
            field_dict["reference"] = reference
        if currency is not UNSET:
            field_dict["currency"] = currency
        if price_unit is not UNSET:
            field_dict["price_unit"] = price_unit
        if price_unit_type is not UNSET:
            field_dict["price_unit_type"] = price_unit_type
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON object with the API's field names; `src_dict` is left as it is."""
        return cls._decode(src_dict, consume=False)

    @classmethod
    def _decode(cls: type[T], d: Any, consume: bool = True) -> T:
        """`from_dict` for a fresh JSON parse, which `consume` lets it take apart (the engine's decoders)."""
        return cls._decode_each((d,), consume)[0]

    @classmethod
    def _decode_each(cls: type[T], items: Iterable[Any], consume: bool = True) -> list[T]:
        """`_decode` of every item, in one loop: a list of objects costs no call per object."""
        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "ProductPrice")
            product_price = object.__new__(cls)
            v = d.get("price", UNSET)
            product_price.price = v if type(v) is str or v is UNSET else as_text(v, "price")
            v = d.get("min", UNSET)
            product_price.min_ = v if type(v) is str or v is UNSET else as_text(v, "min")
            v = d.get("max", UNSET)
            product_price.max_ = v if type(v) is str or v is UNSET else as_text(v, "max")
            v = d.get("note", UNSET)
            product_price.note = v if type(v) is str or v is UNSET else as_text(v, "note")
            v = d.get("reference", UNSET)
            product_price.reference = v if type(v) is str or v is UNSET else as_text(v, "reference")
            v = d.get("currency", UNSET)
            product_price.currency = v if type(v) is str or v is UNSET else as_text(v, "currency")
            v = d.get("price_unit", UNSET)
            product_price.price_unit = v if type(v) is str or v is UNSET else as_text(v, "price_unit")
            v = d.get("price_unit_type", UNSET)
            product_price.price_unit_type = v if type(v) is str or v is UNSET else as_text(v, "price_unit_type")
            v = d.get("type", UNSET)
            product_price.type_ = v if type(v) is str or v is UNSET else as_text(v, "type")
            if consume and len(d) == 0 + (product_price.price is not UNSET) + (product_price.min_ is not UNSET) + (
                product_price.max_ is not UNSET
            ) + (product_price.note is not UNSET) + (product_price.reference is not UNSET) + (
                product_price.currency is not UNSET
            ) + (product_price.price_unit is not UNSET) + (product_price.price_unit_type is not UNSET) + (
                product_price.type_ is not UNSET
            ):
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                product_price.additional_properties = d
            else:
                product_price.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(product_price)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("price", self.price),
            ("min_", self.min_),
            ("max_", self.max_),
            ("note", self.note),
            ("reference", self.reference),
            ("currency", self.currency),
            ("price_unit", self.price_unit),
            ("price_unit_type", self.price_unit_type),
            ("type_", self.type_),
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
