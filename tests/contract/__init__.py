"""The contract tool's own tests: the fault proof (`test_faults.py`, `faults.py`) and the tool (`test_tool.py`)."""
