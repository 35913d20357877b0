# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from enum import StrEnum


class OrderFileType(StrEnum):
    DELIVERY_NOTE = "delivery_note"
    PROMOTION = "promotion"

    def __str__(self) -> str:
        return str(self.value)
