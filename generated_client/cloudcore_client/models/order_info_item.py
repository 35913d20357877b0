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
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_info_file import OrderInfoFile
    from ..models.order_info_option import OrderInfoOption


T = TypeVar("T", bound="OrderInfoItem")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "reference",
        "name",
        "count",
        "shipping_option",
        "tracking",
        "options",
        "files",
    }
)


@_attrs_define
class OrderInfoItem:
    reference: str
    """The client's item reference id."""
    name: str
    """The name of the item (its product reference)."""
    count: str
    """The quantity of the item.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    shipping_option: str | Unset = UNSET
    """The shipping option of the item, once shipped."""
    tracking: str | Unset = UNSET
    """Tracking code of the item, once shipped."""
    options: list[OrderInfoOption] | Unset = UNSET
    """Array of zero or more option objects."""
    files: list[OrderInfoFile] | Unset = UNSET
    """Array of one or more file objects."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        name = self.name

        count = self.count

        shipping_option = self.shipping_option

        tracking = self.tracking

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = []
            for files_item_data in self.files:
                files_item = files_item_data.to_dict()
                files.append(files_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reference": reference,
                "name": name,
                "count": count,
            }
        )
        if shipping_option is not UNSET:
            field_dict["shipping_option"] = shipping_option
        if tracking is not UNSET:
            field_dict["tracking"] = tracking
        if options is not UNSET:
            field_dict["options"] = options
        if files is not UNSET:
            field_dict["files"] = files

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
        from ..models.order_info_file import OrderInfoFile  # noqa: PLC0415
        from ..models.order_info_option import OrderInfoOption  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "OrderInfoItem")
            order_info_item = object.__new__(cls)
            v = d["reference"]
            order_info_item.reference = v if type(v) is str else as_text(v, "reference")
            v = d["name"]
            order_info_item.name = v if type(v) is str else as_text(v, "name")
            v = d["count"]
            order_info_item.count = v if type(v) is str else as_text(v, "count")
            v = d.get("shipping_option", UNSET)
            order_info_item.shipping_option = v if type(v) is str or v is UNSET else as_text(v, "shipping_option")
            v = d.get("tracking", UNSET)
            order_info_item.tracking = v if type(v) is str or v is UNSET else as_text(v, "tracking")
            v = d.get("options", UNSET)
            if v is UNSET:
                order_info_item.options = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "options")
                order_info_item.options = OrderInfoOption._decode_each(v, consume)
            v = d.get("files", UNSET)
            if v is UNSET:
                order_info_item.files = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "files")
                order_info_item.files = OrderInfoFile._decode_each(v, consume)
            if consume and len(d) == 3 + (order_info_item.shipping_option is not UNSET) + (
                order_info_item.tracking is not UNSET
            ) + (order_info_item.options is not UNSET) + (order_info_item.files is not UNSET):
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                order_info_item.additional_properties = d
            else:
                order_info_item.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(order_info_item)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("reference", self.reference),
            ("name", self.name),
            ("count", self.count),
            ("shipping_option", self.shipping_option),
            ("tracking", self.tracking),
            ("options", self.options),
            ("files", self.files),
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
