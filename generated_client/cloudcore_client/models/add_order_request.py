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
    from ..models.address import Address
    from ..models.order_file import OrderFile
    from ..models.order_item import OrderItem
    from ..models.order_meta import OrderMeta


T = TypeVar("T", bound="AddOrderRequest")


@_attrs_define
class AddOrderRequest:
    apikey: str
    """API access key, created in the Cloudprinter admin system under CloudCore API Interface."""
    reference: str
    """The client's own order reference identifier - this must be unique among all orders.

    A client's own reference identifier (no length limit is documented or enforced by the SDKs)."""
    email: str
    """E-mail address of the client's support team, for contact regarding processing and production issues.

    An e-mail address; internationalised addresses (`jörg@müller.de`) are accepted."""
    addresses: list[Address]
    """Array of one or more address objects."""
    items: list[OrderItem]
    """Array of one or more item objects."""
    price: float | str | Unset = UNSET
    """End customer sales price ex. VAT/tax per item in the selected currency - comma as decimal separator, used for
    customs.

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
    meta: OrderMeta | Unset = UNSET
    """Meta data for custom production parameters - only available for Enterprise clients. The
    documentation types it as an array; the PHP SDK sends a JSON object of key/value pairs.
    Both forms are accepted, with any content; the client sends the object form.

    Meta data as a JSON object of key/value pairs, with values of any JSON type, as the PHP SDK
    sends it (`Order::addMeta(string $key, $value)`)."""
    files: list[OrderFile] | Unset = UNSET
    """Array of zero or more order file objects."""

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        reference = self.reference

        email = self.email

        addresses = []
        for addresses_item_data in self.addresses:
            addresses_item = addresses_item_data.to_dict()
            addresses.append(addresses_item)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        price: float | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        currency = self.currency

        hc = self.hc

        meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta, Unset):
            meta = self.meta.to_dict()

        files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = []
            for files_item_data in self.files:
                files_item = files_item_data.to_dict()
                files.append(files_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "apikey": apikey,
                "reference": reference,
                "email": email,
                "addresses": addresses,
                "items": items,
            }
        )
        if price is not UNSET:
            field_dict["price"] = price
        if currency is not UNSET:
            field_dict["currency"] = currency
        if hc is not UNSET:
            field_dict["hc"] = hc
        if meta is not UNSET:
            field_dict["meta"] = meta
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
        from ..models.address import Address  # noqa: PLC0415
        from ..models.order_file import OrderFile  # noqa: PLC0415
        from ..models.order_item import OrderItem  # noqa: PLC0415
        from ..models.order_meta import OrderMeta  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "AddOrderRequest")
            add_order_request = object.__new__(cls)
            v = d["apikey"]
            add_order_request.apikey = v if type(v) is str else as_text(v, "apikey")
            v = d["reference"]
            add_order_request.reference = v if type(v) is str else as_text(v, "reference")
            v = d["email"]
            add_order_request.email = v if type(v) is str else as_text(v, "email")
            v = d["addresses"]
            if type(v) is not list:
                v = as_list(v, "addresses")
            add_order_request.addresses = Address._decode_each(v, consume)
            v = d["items"]
            if type(v) is not list:
                v = as_list(v, "items")
            add_order_request.items = OrderItem._decode_each(v, consume)
            v = d.get("price", UNSET)
            add_order_request.price = (
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
            add_order_request.currency = v if type(v) is str or v is UNSET else as_text(v, "currency")
            v = d.get("hc", UNSET)
            add_order_request.hc = v if type(v) is str or v is UNSET else as_text(v, "hc")
            v = d.get("meta", UNSET)
            if v is UNSET:
                add_order_request.meta = UNSET
            else:
                add_order_request.meta = OrderMeta._decode(v, consume)
            v = d.get("files", UNSET)
            if v is UNSET:
                add_order_request.files = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "files")
                add_order_request.files = OrderFile._decode_each(v, consume)
            models.append(add_order_request)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("apikey", "***"),
            ("reference", self.reference),
            ("email", self.email),
            ("addresses", self.addresses),
            ("items", self.items),
            ("price", self.price),
            ("currency", self.currency),
            ("hc", self.hc),
            ("meta", self.meta),
            ("files", self.files),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
