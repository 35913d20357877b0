# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import as_object, as_one_of, as_text
from ..types import Unset

T = TypeVar("T", bound="ItemOption")


@_attrs_define
class ItemOption:
    """
    Attributes:
        type_ (str): A required text field; no length limit is documented or enforced by the SDKs.
        count (int | str): How many times an option is used per item: a whole number, zero included, as a digit string
            as documented ("36", also "036" or "36.0") or a JSON integer as the official SDKs send it
            (36). The Node SDK lets any value through (`count: Joi.required()`); the documentation's
            "number of times" is what makes it a whole, non-negative number.
    """

    type_: str
    count: int | str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        count: int | str
        count = self.count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "count": count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "ItemOption")
        type_ = d["type"]
        if type(type_) is not str:
            type_ = as_text(type_, "type")

        count = d["count"]
        if type(count) not in (
            str,
            int,
        ):
            count = as_one_of(count, "count", "str or int")

        item_option = cls(
            type_=type_,
            count=count,
        )

        return item_option

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("count", self.count),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
