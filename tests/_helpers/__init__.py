"""What several test files share and is not a fixture: constants, example bodies, small helpers.

Test files import from here, never from a conftest.py: conftest files hold fixtures and hooks only.
"""
