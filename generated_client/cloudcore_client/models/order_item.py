# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_list,
    as_object,
    as_one_of,
    as_text,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.item_file import ItemFile
    from ..models.item_option import ItemOption


T = TypeVar("T", bound="OrderItem")


@_attrs_define
class OrderItem:
    """An item of an order. It needs `files` unless it is a stock item (`"type": "stock"`, from the
    SDKs), and a `shipping_level` unless it carries a `quote`, a `shipping_option` (from the
    SDKs) or is a reorder (`reorder_cause` or `reorder_order_reference`).

    """

    reference: str
    """The client's own item reference identifier - this must be unique within the order.

    A client's own reference identifier (no length limit is documented or enforced by the SDKs)."""
    product: str
    """The reference of the product - valid values can be requested via `products`.

    A required text field; no length limit is documented or enforced by the SDKs."""
    count: int | str
    """The number of copies to produce of this item.

    A positive whole number of copies. The documentation writes counts as strings ("5"); the
    official SDKs send JSON integers (5). Both are accepted, and so are the strings the Node
    SDK's `Joi.number()` converts to a whole number (leading zeros "05", a zero fraction "5.0").
    No upper limit (the simulator has its own, see docs/fidelity.md)."""
    type_: str | Unset = UNSET
    """The kind of item (from the official SDKs, not in the documentation): `stock` marks a stock
    product, which needs no `files` (Node SDK `files: Joi.when('type', ...)`, PHP SDK
    `OrderItem::STOCK_PRODUCT_TYPE`)."""
    shipping_level: str | Unset = UNSET
    """The preferred shipping level (required unless a `quote`, a `shipping_option` or a reorder is given).

    A shipping level reference. Standard levels are `cp_postal` (Postal - Untracked),
    `cp_ground` (Express ground - Tracked), `cp_saver` (Express saver - Tracked) and `cp_fast`
    (Express fast - Tracked); some accounts have others (e.g. `cp_limited`), so the field is open."""
    shipping_option: str | Unset = UNSET
    """A carrier shipping option by name, e.g. `DHL - National Standard (DE)`, instead of a
    shipping level (from the official SDKs, not in the documentation: Node SDK item `.or('quote',
    'shipping_level', 'shipping_option', ...)`, PHP SDK `OrderItem::setShippingOption`)."""
    quote: str | Unset = UNSET
    """A quote hash from an `orders/quote` call, instead of a shipping level.

    A quote hash from `orders/quote` (the simulator's are 64 hexadecimal digits; the documentation states no
    format)."""
    title: str | Unset = UNSET
    """The title of the product."""
    price: float | str | Unset = UNSET
    """End customer sales price ex. VAT/tax in the selected currency - comma as decimal separator, used for customs.

    An end customer price. The documentation describes a string with a comma as decimal
    separator (`"12,50"`); the PHP SDK sends a JSON number (`12.5`, `setPrice(float)`). Both,
    and a decimal point (`"12.50"`), are accepted; a string that is no decimal number (`"abc"`)
    is not."""
    currency: str | Unset = UNSET
    """The currency of the end customer sales price - ISO 4217.

    Currency - ISO 4217 (`EUR`; `eur` is accepted too, the documentation does not state the
    case). The simulator also refuses three letters that are no ISO 4217 code (`ABC`)."""
    hc: str | Unset = UNSET
    """Harmonized code - classifies the product according to the Harmonized System."""
    reorder_cause: str | Unset = UNSET
    """Reorder cause. Documented: `reorder_shipping_item_not_received`, `reorder_shipping_item_damaged`;
    reported: `reorder_item_missing`, `reorder_wrong_item`, `reorder_wrong_quantity`,
    `reorder_wrong_paper_or_material`, `reorder_wrong_finishing_size`, `reorder_wrong_color_mode`,
    `reorder_wrong_print_position`, `reorder_print_quality`."""
    reorder_desc: str | Unset = UNSET
    """Additional description of the problem, for reorders."""
    reorder_order_reference: str | Unset = UNSET
    """Reference of the original order, for reorders."""
    reorder_item_reference: str | Unset = UNSET
    """Reference of the item in the original order, for reorders."""
    files: list[ItemFile] | Unset = UNSET
    """Array of one or more file objects (required unless the item is a stock item)."""
    options: list[ItemOption] | Unset = UNSET
    """Array of zero or more option objects."""

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        product = self.product

        count: int | str
        count = self.count

        type_ = self.type_

        shipping_level = self.shipping_level

        shipping_option = self.shipping_option

        quote = self.quote

        title = self.title

        price: float | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        currency = self.currency

        hc = self.hc

        reorder_cause = self.reorder_cause

        reorder_desc = self.reorder_desc

        reorder_order_reference = self.reorder_order_reference

        reorder_item_reference = self.reorder_item_reference

        files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = []
            for files_item_data in self.files:
                files_item = files_item_data.to_dict()
                files.append(files_item)

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
                "product": product,
                "count": count,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if shipping_level is not UNSET:
            field_dict["shipping_level"] = shipping_level
        if shipping_option is not UNSET:
            field_dict["shipping_option"] = shipping_option
        if quote is not UNSET:
            field_dict["quote"] = quote
        if title is not UNSET:
            field_dict["title"] = title
        if price is not UNSET:
            field_dict["price"] = price
        if currency is not UNSET:
            field_dict["currency"] = currency
        if hc is not UNSET:
            field_dict["hc"] = hc
        if reorder_cause is not UNSET:
            field_dict["reorder_cause"] = reorder_cause
        if reorder_desc is not UNSET:
            field_dict["reorder_desc"] = reorder_desc
        if reorder_order_reference is not UNSET:
            field_dict["reorder_order_reference"] = reorder_order_reference
        if reorder_item_reference is not UNSET:
            field_dict["reorder_item_reference"] = reorder_item_reference
        if files is not UNSET:
            field_dict["files"] = files
        if options is not UNSET:
            field_dict["options"] = options

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
        from ..models.item_file import ItemFile  # noqa: PLC0415
        from ..models.item_option import ItemOption  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "OrderItem")
            order_item = object.__new__(cls)
            v = d["reference"]
            order_item.reference = v if type(v) is str else as_text(v, "reference")
            v = d["product"]
            order_item.product = v if type(v) is str else as_text(v, "product")
            v = d["count"]
            order_item.count = (
                v
                if type(v)
                in (
                    str,
                    int,
                )
                else as_one_of(v, "count", "str or int")
            )
            v = d.get("type", UNSET)
            order_item.type_ = v if type(v) is str or v is UNSET else as_text(v, "type")
            v = d.get("shipping_level", UNSET)
            order_item.shipping_level = v if type(v) is str or v is UNSET else as_text(v, "shipping_level")
            v = d.get("shipping_option", UNSET)
            order_item.shipping_option = v if type(v) is str or v is UNSET else as_text(v, "shipping_option")
            v = d.get("quote", UNSET)
            order_item.quote = v if type(v) is str or v is UNSET else as_text(v, "quote")
            v = d.get("title", UNSET)
            order_item.title = v if type(v) is str or v is UNSET else as_text(v, "title")
            v = d.get("price", UNSET)
            order_item.price = (
                v
                if type(v)
                in (
                    str,
                    float,
                    int,
                )
                or v is UNSET
                else as_one_of(v, "price", "str or float or int")
            )
            v = d.get("currency", UNSET)
            order_item.currency = v if type(v) is str or v is UNSET else as_text(v, "currency")
            v = d.get("hc", UNSET)
            order_item.hc = v if type(v) is str or v is UNSET else as_text(v, "hc")
            v = d.get("reorder_cause", UNSET)
            order_item.reorder_cause = v if type(v) is str or v is UNSET else as_text(v, "reorder_cause")
            v = d.get("reorder_desc", UNSET)
            order_item.reorder_desc = v if type(v) is str or v is UNSET else as_text(v, "reorder_desc")
            v = d.get("reorder_order_reference", UNSET)
            order_item.reorder_order_reference = (
                v if type(v) is str or v is UNSET else as_text(v, "reorder_order_reference")
            )
            v = d.get("reorder_item_reference", UNSET)
            order_item.reorder_item_reference = (
                v if type(v) is str or v is UNSET else as_text(v, "reorder_item_reference")
            )
            v = d.get("files", UNSET)
            if v is UNSET:
                order_item.files = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "files")
                order_item.files = ItemFile._decode_each(v, consume)
            v = d.get("options", UNSET)
            if v is UNSET:
                order_item.options = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "options")
                order_item.options = ItemOption._decode_each(v, consume)
            models.append(order_item)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("reference", self.reference),
            ("product", self.product),
            ("count", self.count),
            ("type_", self.type_),
            ("shipping_level", self.shipping_level),
            ("shipping_option", self.shipping_option),
            ("quote", self.quote),
            ("title", self.title),
            ("price", self.price),
            ("currency", self.currency),
            ("hc", self.hc),
            ("reorder_cause", self.reorder_cause),
            ("reorder_desc", self.reorder_desc),
            ("reorder_order_reference", self.reorder_order_reference),
            ("reorder_item_reference", self.reorder_item_reference),
            ("files", self.files),
            ("options", self.options),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
