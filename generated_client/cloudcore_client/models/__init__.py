# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""Contains all the data models used in inputs/outputs"""

from .add_order_request import AddOrderRequest
from .add_order_response import AddOrderResponse
from .address import Address
from .address_type import AddressType
from .api_error import ApiError
from .api_error_detail import ApiErrorDetail
from .cancel_cause import CancelCause
from .cancel_order_request import CancelOrderRequest
from .cancel_order_response import CancelOrderResponse
from .cloud_signal import CloudSignal
from .cloudprinter_order_canceled_signal import CloudprinterOrderCanceledSignal
from .cloudprinter_order_validated_signal import CloudprinterOrderValidatedSignal
from .item_canceled_signal import ItemCanceledSignal
from .item_delivery_completed_signal import ItemDeliveryCompletedSignal
from .item_delivery_failed_signal import ItemDeliveryFailedSignal
from .item_delivery_started_signal import ItemDeliveryStartedSignal
from .item_error_signal import ItemErrorSignal
from .item_file import ItemFile
from .item_file_type import ItemFileType
from .item_option import ItemOption
from .item_packed_signal import ItemPackedSignal
from .item_produce_signal import ItemProduceSignal
from .item_produced_signal import ItemProducedSignal
from .item_shipped_signal import ItemShippedSignal
from .item_validated_signal import ItemValidatedSignal
from .list_orders_request import ListOrdersRequest
from .list_products_request import ListProductsRequest
from .list_shipping_countries_request import ListShippingCountriesRequest
from .list_shipping_levels_request import ListShippingLevelsRequest
from .list_shipping_states_request import ListShippingStatesRequest
from .order_file import OrderFile
from .order_file_type import OrderFileType
from .order_info import OrderInfo
from .order_info_address import OrderInfoAddress
from .order_info_file import OrderInfoFile
from .order_info_item import OrderInfoItem
from .order_info_option import OrderInfoOption
from .order_info_request import OrderInfoRequest
from .order_item import OrderItem
from .order_log_entry import OrderLogEntry
from .order_log_request import OrderLogRequest
from .order_meta import OrderMeta
from .order_state import OrderState
from .order_summary import OrderSummary
from .product import Product
from .product_info import ProductInfo
from .product_info_request import ProductInfoRequest
from .product_option import ProductOption
from .product_price import ProductPrice
from .product_spec import ProductSpec
from .quote import Quote
from .quote_item import QuoteItem
from .quote_request import QuoteRequest
from .quote_shipment import QuoteShipment
from .quote_shipment_item import QuoteShipmentItem
from .quote_subtotals import QuoteSubtotals
from .shipping_country import ShippingCountry
from .shipping_level_info import ShippingLevelInfo
from .shipping_quote import ShippingQuote
from .shipping_state import ShippingState
from .signal_fields import SignalFields

__all__ = (
    "AddOrderRequest",
    "AddOrderResponse",
    "Address",
    "AddressType",
    "ApiError",
    "ApiErrorDetail",
    "CancelCause",
    "CancelOrderRequest",
    "CancelOrderResponse",
    "CloudprinterOrderCanceledSignal",
    "CloudprinterOrderValidatedSignal",
    "CloudSignal",
    "ItemCanceledSignal",
    "ItemDeliveryCompletedSignal",
    "ItemDeliveryFailedSignal",
    "ItemDeliveryStartedSignal",
    "ItemErrorSignal",
    "ItemFile",
    "ItemFileType",
    "ItemOption",
    "ItemPackedSignal",
    "ItemProducedSignal",
    "ItemProduceSignal",
    "ItemShippedSignal",
    "ItemValidatedSignal",
    "ListOrdersRequest",
    "ListProductsRequest",
    "ListShippingCountriesRequest",
    "ListShippingLevelsRequest",
    "ListShippingStatesRequest",
    "OrderFile",
    "OrderFileType",
    "OrderInfo",
    "OrderInfoAddress",
    "OrderInfoFile",
    "OrderInfoItem",
    "OrderInfoOption",
    "OrderInfoRequest",
    "OrderItem",
    "OrderLogEntry",
    "OrderLogRequest",
    "OrderMeta",
    "OrderState",
    "OrderSummary",
    "Product",
    "ProductInfo",
    "ProductInfoRequest",
    "ProductOption",
    "ProductPrice",
    "ProductSpec",
    "Quote",
    "QuoteItem",
    "QuoteRequest",
    "QuoteShipment",
    "QuoteShipmentItem",
    "QuoteSubtotals",
    "ShippingCountry",
    "ShippingLevelInfo",
    "ShippingQuote",
    "ShippingState",
    "SignalFields",
)
