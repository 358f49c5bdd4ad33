"""mockpbx against other HTTP mocks, measured in one run: ``python -m bench.peers`` (see run.py)."""
