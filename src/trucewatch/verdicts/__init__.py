"""Verdicts: which events break which truce, and why (semantics in docs/verdicts.md)."""
