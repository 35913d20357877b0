# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from enum import StrEnum

from .._values import as_text


class CancelCause(StrEnum):
    """Why an item or order was canceled. Known causes are listed; the set is open, so a receiver
    must not reject an unknown one.

    Tolerant: a value the contract does not list becomes a member too (`is_known` is False), so an
    answer with a new value never fails to decode.
    """

    CANCEL_BOOK_CORRUPT = "CancelBookCorrupt"
    CANCEL_BOOK_MARGINS = "CancelBookMargins"
    CANCEL_BOOK_RIP = "CancelBookRip"
    CANCEL_BOOK_SIZE = "CancelBookSize"
    CANCEL_BOOK_TRIM = "CancelBookTrim"
    CANCEL_COVER_CORRUPT = "CancelCoverCorrupt"
    CANCEL_COVER_MARGINS = "CancelCoverMargins"
    CANCEL_COVER_RIP = "CancelCoverRip"
    CANCEL_COVER_SIZE = "CancelCoverSize"
    CANCEL_COVER_SPINE = "CancelCoverSpine"
    CANCEL_COVER_TRIM = "CancelCoverTrim"
    CANCEL_DOWNLOAD_ERROR = "CancelDownloadError"
    CANCEL_FILES_CORRUPT = "CancelFilesCorrupt"
    CANCEL_INKJET_COVERAGE = "CancelInkjetCoverage"
    CANCEL_INVALID_ADDRESS = "CancelInvalidAddress"
    CANCEL_MISC_ERROR = "CancelMiscError"
    CANCEL_PAGE_COUNT = "CancelPageCount"
    CANCEL_TEST_ORDER = "CancelTestOrder"
    CANCEL_UNKNOWN_FONT = "CancelUnknownFont"
    CANCEL_USER_REQUEST = "CancelUserRequest"
    CANCEL_VALIDATE_ERROR = "CancelValidateError"

    @classmethod
    def decode(cls, value: object) -> CancelCause:
        """The member for a value as it arrives in JSON: `CancelCause(value)`, fast for listed values."""
        member = _MEMBERS.get(value)
        return member if member is not None else cls(value)  # type: ignore[arg-type]

    @classmethod
    def _missing_(cls, value: object) -> CancelCause | None:
        if type(value) is int or type(value) is float:
            return cls(as_text(value, cls.__name__))  # a JSON number where the contract says string
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """Whether the contract lists this value."""
        return type(self)._member_map_.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)


#: `CancelCause._value2member_map_` itself (so aliases added by `_missing_` are in it), bound once:
#: looking an attribute up on an enum class costs more than the dict lookup.
_MEMBERS: dict[object, CancelCause] = CancelCause._value2member_map_  # type: ignore[assignment]
