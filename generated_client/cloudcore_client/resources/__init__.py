# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""The resources of `CloudCore`, one module per tag: `client.orders` is a `orders.Orders`."""
