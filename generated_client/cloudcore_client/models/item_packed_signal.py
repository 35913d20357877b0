# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_datetime,
    as_object,
    as_text,
    parse_utc_time,
    unknown_fields,
)
from ..types import Unset

T = TypeVar("T", bound="ItemPackedSignal")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "apikey",
        "order",
        "order_reference",
        "datetime",
        "type",
        "item",
        "item_reference",
    }
)


@_attrs_define
class ItemPackedSignal:
    """An item has been packed."""

    apikey: str
    """The webhook key (not the API key); the receiver checks it in constant time."""
    order: str
    """Cloudprinter's own order id."""
    order_reference: str
    """The client's own order reference."""
    datetime_: datetime.datetime
    """When it happened, ISO 8601."""
    type_: Literal["ItemPacked"]
    """The signal type."""
    item: str
    """Cloudprinter's own item id."""
    item_reference: str
    """The client's own item reference."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        order = self.order

        order_reference = self.order_reference

        datetime_ = self.datetime_.isoformat()

        type_ = self.type_

        item = self.item

        item_reference = self.item_reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apikey": apikey,
                "order": order,
                "order_reference": order_reference,
                "datetime": datetime_,
                "type": type_,
                "item": item,
                "item_reference": item_reference,
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
                d = as_object(d, "ItemPackedSignal")
            item_packed_signal = object.__new__(cls)
            v = d["apikey"]
            item_packed_signal.apikey = v if type(v) is str else as_text(v, "apikey")
            v = d["order"]
            item_packed_signal.order = v if type(v) is str else as_text(v, "order")
            v = d["order_reference"]
            item_packed_signal.order_reference = v if type(v) is str else as_text(v, "order_reference")
            v = d["datetime"]
            try:  # the common case inline (a time without an offset, read as UTC), the rest in `as_datetime`
                item_packed_signal.datetime_ = parse_utc_time(v + "Z")
            except (TypeError, ValueError):
                item_packed_signal.datetime_ = as_datetime(v)
            v = d["type"]
            type_ = cast(Literal["ItemPacked"], v)
            if type_ != "ItemPacked":
                raise ValueError(f"type must match const 'ItemPacked', got '{type_}'")
            item_packed_signal.type_ = type_
            v = d["item"]
            item_packed_signal.item = v if type(v) is str else as_text(v, "item")
            v = d["item_reference"]
            item_packed_signal.item_reference = v if type(v) is str else as_text(v, "item_reference")
            if consume and len(d) == 7:
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                item_packed_signal.additional_properties = d
            else:
                item_packed_signal.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(item_packed_signal)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("apikey", "***"),
            ("order", self.order),
            ("order_reference", self.order_reference),
            ("datetime_", self.datetime_),
            ("type_", self.type_),
            ("item", self.item),
            ("item_reference", self.item_reference),
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
