# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_list, as_object, as_text
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
    """
    Attributes:
        reference (str): The client's item reference id.
        name (str): The name of the item (its product reference).
        count (str): A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
            carry a JSON number instead (reported), so both are accepted. The client reads it as the
            documented string (a JSON number becomes its decimal text), so amounts never pass through
            a float and code can rely on one type: `Decimal(value)`.
        shipping_option (str | Unset): The shipping option of the item, once shipped.
        tracking (str | Unset): Tracking code of the item, once shipped.
        options (list[OrderInfoOption] | Unset): Array of zero or more option objects.
        files (list[OrderInfoFile] | Unset): Array of one or more file objects.
    """

    reference: str
    name: str
    count: str
    shipping_option: str | Unset = UNSET
    tracking: str | Unset = UNSET
    options: list[OrderInfoOption] | Unset = UNSET
    files: list[OrderInfoFile] | Unset = UNSET
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
        from ..models.order_info_file import OrderInfoFile  # noqa: PLC0415
        from ..models.order_info_option import OrderInfoOption  # noqa: PLC0415

        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "OrderInfoItem")
        reference = d["reference"]
        if type(reference) is not str:
            reference = as_text(reference, "reference")

        name = d["name"]
        if type(name) is not str:
            name = as_text(name, "name")

        count = d["count"]
        if type(count) is not str:
            count = as_text(count, "count")

        shipping_option = d.get("shipping_option", UNSET)
        if type(shipping_option) is not str and shipping_option is not UNSET:
            shipping_option = as_text(shipping_option, "shipping_option")

        tracking = d.get("tracking", UNSET)
        if type(tracking) is not str and tracking is not UNSET:
            tracking = as_text(tracking, "tracking")

        _options = d.get("options", UNSET)
        options: list[OrderInfoOption] | Unset = UNSET
        if _options is not UNSET:
            if type(_options) is not list:
                _options = as_list(_options, "options")
            options = []
            for options_item_data in _options:
                options_item = OrderInfoOption.from_dict(options_item_data)

                options.append(options_item)

        _files = d.get("files", UNSET)
        files: list[OrderInfoFile] | Unset = UNSET
        if _files is not UNSET:
            if type(_files) is not list:
                _files = as_list(_files, "files")
            files = []
            for files_item_data in _files:
                files_item = OrderInfoFile.from_dict(files_item_data)

                files.append(files_item)

        order_info_item = cls(
            reference=reference,
            name=name,
            count=count,
            shipping_option=shipping_option,
            tracking=tracking,
            options=options,
            files=files,
        )

        if len(d) > 3:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        order_info_item.additional_properties = extra
        return order_info_item

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
