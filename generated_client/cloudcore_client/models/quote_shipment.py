# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_list,
    as_object,
    as_text,
    unknown_fields,
)
from ..types import Unset

if TYPE_CHECKING:
    from ..models.quote_shipment_item import QuoteShipmentItem
    from ..models.shipping_quote import ShippingQuote


T = TypeVar("T", bound="QuoteShipment")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "total_weight",
        "items",
        "quotes",
    }
)


@_attrs_define
class QuoteShipment:
    total_weight: str
    """The calculated total weight of the shipment.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    items: list[QuoteShipmentItem]
    """The items contained in this shipment."""
    quotes: list[ShippingQuote]
    """The available shipping options."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_weight = self.total_weight

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        quotes = []
        for quotes_item_data in self.quotes:
            quotes_item = quotes_item_data.to_dict()
            quotes.append(quotes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_weight": total_weight,
                "items": items,
                "quotes": quotes,
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
        from ..models.quote_shipment_item import QuoteShipmentItem  # noqa: PLC0415
        from ..models.shipping_quote import ShippingQuote  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "QuoteShipment")
            quote_shipment = object.__new__(cls)
            v = d["total_weight"]
            quote_shipment.total_weight = v if type(v) is str else as_text(v, "total_weight")
            v = d["items"]
            if type(v) is not list:
                v = as_list(v, "items")
            quote_shipment.items = QuoteShipmentItem._decode_each(v, consume)
            v = d["quotes"]
            if type(v) is not list:
                v = as_list(v, "quotes")
            quote_shipment.quotes = ShippingQuote._decode_each(v, consume)
            if consume and len(d) == 3:
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                quote_shipment.additional_properties = d
            else:
                quote_shipment.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(quote_shipment)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("total_weight", self.total_weight),
            ("items", self.items),
            ("quotes", self.quotes),
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
