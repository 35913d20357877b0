"""Generated from openapi/cloudcore.yaml by `nox -s generate`: never edit by hand."""
