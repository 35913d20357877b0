# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_int,
    as_object,
    as_text,
    unknown_fields,
)
from ..types import Unset

T = TypeVar("T", bound="ProductOption")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "reference",
        "note",
        "type",
        "default",
    }
)


@_attrs_define
class ProductOption:
    reference: str
    """The option's API reference."""
    note: str
    """Option long description."""
    type_: str
    """Option category type; options of one type exclude each other."""
    default: int
    """Default option flag - 1 for the default of its option type, used when the order names none of that type.

    A 0/1 flag. The documentation shows JSON numbers in its examples (`"require_state": 1`,
    `"default": 0`) and types the fields string or number in its tables (`"0"`): both forms
    are accepted. The client reads the integer, so `"0"` is falsy."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        note = self.note

        type_ = self.type_

        default = self.default

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reference": reference,
                "note": note,
                "type": type_,
                "default": default,
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
                d = as_object(d, "ProductOption")
            product_option = object.__new__(cls)
            v = d["reference"]
            product_option.reference = v if type(v) is str else as_text(v, "reference")
            v = d["note"]
            product_option.note = v if type(v) is str else as_text(v, "note")
            v = d["type"]
            product_option.type_ = v if type(v) is str else as_text(v, "type")
            v = d["default"]
            product_option.default = v if type(v) is int else as_int(v, "default")
            if consume and len(d) == 4:
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                product_option.additional_properties = d
            else:
                product_option.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(product_option)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("reference", self.reference),
            ("note", self.note),
            ("type_", self.type_),
            ("default", self.default),
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
