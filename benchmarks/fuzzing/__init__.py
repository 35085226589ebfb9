"""The fuzzing harness behind ``benchmarks/fuzz.py``: hostile inputs per target, run in worker
processes under limits enforced from outside, and the outcome table."""
