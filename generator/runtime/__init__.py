"""The hand-written runtime of cloudcore_client, copied verbatim into the package by `nox -s generate`.

This file is not copied: it only makes the folder a package for mypy, ruff and the generator.
"""
