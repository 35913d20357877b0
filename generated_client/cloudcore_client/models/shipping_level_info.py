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

T = TypeVar("T", bound="ShippingLevelInfo")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "shipping_level_reference",
        "name",
        "note",
        "shipping_level",
    }
)


@_attrs_define
class ShippingLevelInfo:
    shipping_level_reference: str
    """Shipping level API reference."""
    name: str
    """Shipping level short name."""
    note: str
    """Shipping level long description."""
    shipping_level: str | Unset = UNSET
    """Shipping level API reference (to be deprecated; use `shipping_level_reference`)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shipping_level_reference = self.shipping_level_reference

        name = self.name

        note = self.note

        shipping_level = self.shipping_level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shipping_level_reference": shipping_level_reference,
                "name": name,
                "note": note,
            }
        )
        if shipping_level is not UNSET:
            field_dict["shipping_level"] = shipping_level

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
                d = as_object(d, "ShippingLevelInfo")
            shipping_level_info = object.__new__(cls)
            v = d["shipping_level_reference"]
            shipping_level_info.shipping_level_reference = (
                v if type(v) is str else as_text(v, "shipping_level_reference")
            )
            v = d["name"]
            shipping_level_info.name = v if type(v) is str else as_text(v, "name")
            v = d["note"]
            shipping_level_info.note = v if type(v) is str else as_text(v, "note")
            v = d.get("shipping_level", UNSET)
            shipping_level_info.shipping_level = v if type(v) is str or v is UNSET else as_text(v, "shipping_level")
            if consume and len(d) == 3 + (shipping_level_info.shipping_level is not UNSET):
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                shipping_level_info.additional_properties = d
            else:
                shipping_level_info.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(shipping_level_info)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("shipping_level_reference", self.shipping_level_reference),
            ("name", self.name),
            ("note", self.note),
            ("shipping_level", self.shipping_level),
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
