# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_list, as_object, as_text
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
    """
    Attributes:
        total_weight (str): A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
            carry a JSON number instead (reported), so both are accepted. The client reads it as the
            documented string (a JSON number becomes its decimal text), so amounts never pass through
            a float and code can rely on one type: `Decimal(value)`.
        items (list[QuoteShipmentItem]): The items contained in this shipment.
        quotes (list[ShippingQuote]): The available shipping options.
    """

    total_weight: str
    items: list[QuoteShipmentItem]
    quotes: list[ShippingQuote]
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
        from ..models.quote_shipment_item import QuoteShipmentItem  # noqa: PLC0415
        from ..models.shipping_quote import ShippingQuote  # noqa: PLC0415

        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "QuoteShipment")
        total_weight = d["total_weight"]
        if type(total_weight) is not str:
            total_weight = as_text(total_weight, "total_weight")

        items = []
        _items = d["items"]
        if type(_items) is not list:
            _items = as_list(_items, "items")
        for items_item_data in _items:
            items_item = QuoteShipmentItem.from_dict(items_item_data)

            items.append(items_item)

        quotes = []
        _quotes = d["quotes"]
        if type(_quotes) is not list:
            _quotes = as_list(_quotes, "quotes")
        for quotes_item_data in _quotes:
            quotes_item = ShippingQuote.from_dict(quotes_item_data)

            quotes.append(quotes_item)

        quote_shipment = cls(
            total_weight=total_weight,
            items=items,
            quotes=quotes,
        )

        if len(d) > 3:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        quote_shipment.additional_properties = extra
        return quote_shipment

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
