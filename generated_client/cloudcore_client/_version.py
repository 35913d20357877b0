# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""The version of the cloudcore-client distribution (User-Agent)."""

__version__ = "1.0.0"
