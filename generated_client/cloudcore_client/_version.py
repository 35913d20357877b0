# Generated from generator/client-config.yaml (package_version_override) by `nox -s generate`.
"""The version of the cloudcore-client distribution."""

__version__ = "2.2.5"
