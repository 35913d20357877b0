"""The schemathesis contract suite (`contract_suite.py`, run by `nox -s contract`) and its proof (`test_faults.py`)."""
