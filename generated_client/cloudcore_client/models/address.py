# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_object,
    as_text,
)
from ..models.address_type import _MEMBERS as _ADDRESS_TYPE
from ..models.address_type import AddressType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """A delivery address. `zip` is required except for the countries without postal codes (the
    official SDKs' list); `state` for US, CA and AE; `customer_identification` (a CPF) for BR.
    Each rule applies whatever the case of `country` (`us`, `Us`).

    """

    type_: AddressType
    """The type of address - valid values are "delivery"."""
    firstname: str
    """End customer's first name.

    A required text field; no length limit is documented or enforced by the SDKs."""
    lastname: str
    """End customer's last name.

    A required text field; no length limit is documented or enforced by the SDKs."""
    street1: str
    """End customer's street name.

    A required text field; no length limit is documented or enforced by the SDKs."""
    city: str
    """End customer's city name.

    A required text field; no length limit is documented or enforced by the SDKs."""
    country: str
    """End customer's country - ISO 3166-1 alpha-2.

    Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not state the case, so `de` and
    `De` are accepted too, and every rule that depends on the country applies in any case."""
    email: str
    """End customer's e-mail address - used in case of problems during delivery.

    An e-mail address; internationalised addresses (`jörg@müller.de`) are accepted."""
    phone: str
    """End customer's phone number - used in case of problems during delivery.

    A required text field; no length limit is documented or enforced by the SDKs."""
    company: str | Unset = UNSET
    """End customer's company name."""
    street2: str | Unset = UNSET
    """End customer's street name, second line."""
    zip_: str | Unset = UNSET
    """End customer's zip/postal code - required except for countries without postal codes.

    A required text field; no length limit is documented or enforced by the SDKs."""
    state: str | Unset = UNSET
    """End customer's state name - ANSI INCITS 38:2009 alpha-2 - required for US and CA (and AE, whose `require_state`
    is 1).

    State - documented as "state name - ANSI INCITS 38:2009 alpha-2" (`NY`); names such as
    `Berlin` are accepted, as the documentation's own `orders/info` example shows `Example state`."""
    customer_identification: str | Unset = UNSET
    """End customer's identification information: required for Brazil, as a CPF
    (`000.000.000-00`, the punctuation optional; a company's CNPJ `00.000.000/0000-00` is
    accepted too); any text elsewhere."""

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        firstname = self.firstname

        lastname = self.lastname

        street1 = self.street1

        city = self.city

        country = self.country

        email = self.email

        phone = self.phone

        company = self.company

        street2 = self.street2

        zip_ = self.zip_

        state = self.state

        customer_identification = self.customer_identification

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "firstname": firstname,
                "lastname": lastname,
                "street1": street1,
                "city": city,
                "country": country,
                "email": email,
                "phone": phone,
            }
        )
        if company is not UNSET:
            field_dict["company"] = company
        if street2 is not UNSET:
            field_dict["street2"] = street2
        if zip_ is not UNSET:
            field_dict["zip"] = zip_
        if state is not UNSET:
            field_dict["state"] = state
        if customer_identification is not UNSET:
            field_dict["customer_identification"] = customer_identification

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
                d = as_object(d, "Address")
            address = object.__new__(cls)
            v = d["type"]
            try:  # a listed value: one subscript; anything else (and `true`, which hashes like 1) in `decode`
                address.type_ = _ADDRESS_TYPE[v]
            except (KeyError, TypeError):
                address.type_ = AddressType.decode(v)
            v = d["firstname"]
            address.firstname = v if type(v) is str else as_text(v, "firstname")
            v = d["lastname"]
            address.lastname = v if type(v) is str else as_text(v, "lastname")
            v = d["street1"]
            address.street1 = v if type(v) is str else as_text(v, "street1")
            v = d["city"]
            address.city = v if type(v) is str else as_text(v, "city")
            v = d["country"]
            address.country = v if type(v) is str else as_text(v, "country")
            v = d["email"]
            address.email = v if type(v) is str else as_text(v, "email")
            v = d["phone"]
            address.phone = v if type(v) is str else as_text(v, "phone")
            v = d.get("company", UNSET)
            address.company = v if type(v) is str or v is UNSET else as_text(v, "company")
            v = d.get("street2", UNSET)
            address.street2 = v if type(v) is str or v is UNSET else as_text(v, "street2")
            v = d.get("zip", UNSET)
            address.zip_ = v if type(v) is str or v is UNSET else as_text(v, "zip")
            v = d.get("state", UNSET)
            address.state = v if type(v) is str or v is UNSET else as_text(v, "state")
            v = d.get("customer_identification", UNSET)
            address.customer_identification = (
                v if type(v) is str or v is UNSET else as_text(v, "customer_identification")
            )
            models.append(address)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("firstname", self.firstname),
            ("lastname", self.lastname),
            ("street1", self.street1),
            ("city", self.city),
            ("country", self.country),
            ("email", self.email),
            ("phone", self.phone),
            ("company", self.company),
            ("street2", self.street2),
            ("zip_", self.zip_),
            ("state", self.state),
            ("customer_identification", self.customer_identification),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
