# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_object, as_text
from ..types import Unset

T = TypeVar("T", bound="ProductSpec")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "note",
        "value",
    }
)


@_attrs_define
class ProductSpec:
    """
    Attributes:
        note (str): Spec long description.
        value (str): Spec value.
    """

    note: str
    value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        note = self.note

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "note": note,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "ProductSpec")
        note = d["note"]
        if type(note) is not str:
            note = as_text(note, "note")

        value = d["value"]
        if type(value) is not str:
            value = as_text(value, "value")

        product_spec = cls(
            note=note,
            value=value,
        )

        if len(d) > 2:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        product_spec.additional_properties = extra
        return product_spec

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("note", self.note),
            ("value", self.value),
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
