"""Fixtures of the alert tests: a store with verdicts, an SMTP server and an HTTP receiver."""

from alerts_fixture import db, receiver, smtp, template_store

__all__ = ["db", "receiver", "smtp", "template_store"]
