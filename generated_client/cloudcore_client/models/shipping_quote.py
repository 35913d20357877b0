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
from ..types import Unset

T = TypeVar("T", bound="ShippingQuote")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "quote",
        "service",
        "shipping_level",
        "shipping_option",
        "price",
        "vat",
        "currency",
    }
)


@_attrs_define
class ShippingQuote:
    quote: str
    """The unique quote id.

    A quote hash from `orders/quote` (the simulator's are 64 hexadecimal digits; the documentation states no
    format)."""
    service: str
    """The shipping service level name."""
    shipping_level: str
    """The shipping service level reference."""
    shipping_option: str
    """Text description of the specific shipping option."""
    price: str
    """The price of the shipment incl VAT.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    vat: str
    """The VAT part of the shipment.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    currency: str
    """The currency of the price quote."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quote = self.quote

        service = self.service

        shipping_level = self.shipping_level

        shipping_option = self.shipping_option

        price = self.price

        vat = self.vat

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "quote": quote,
                "service": service,
                "shipping_level": shipping_level,
                "shipping_option": shipping_option,
                "price": price,
                "vat": vat,
                "currency": currency,
            }
        )

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
                d = as_object(d, "ShippingQuote")
            shipping_quote = object.__new__(cls)
            v = d["quote"]
            shipping_quote.quote = v if type(v) is str else as_text(v, "quote")
            v = d["service"]
            shipping_quote.service = v if type(v) is str else as_text(v, "service")
            v = d["shipping_level"]
            shipping_quote.shipping_level = v if type(v) is str else as_text(v, "shipping_level")
            v = d["shipping_option"]
            shipping_quote.shipping_option = v if type(v) is str else as_text(v, "shipping_option")
            v = d["price"]
            shipping_quote.price = v if type(v) is str else as_text(v, "price")
            v = d["vat"]
            shipping_quote.vat = v if type(v) is str else as_text(v, "vat")
            v = d["currency"]
            shipping_quote.currency = v if type(v) is str else as_text(v, "currency")
            if consume and len(d) == 7:
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                shipping_quote.additional_properties = d
            else:
                shipping_quote.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(shipping_quote)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("quote", self.quote),
            ("service", self.service),
            ("shipping_level", self.shipping_level),
            ("shipping_option", self.shipping_option),
            ("price", self.price),
            ("vat", self.vat),
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
