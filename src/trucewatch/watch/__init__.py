"""``trucewatch watch``: the feeds a store follows, pulled on their schedules, their data
ingested, the verdicts refreshed and the alerts queued and delivered (docs/watch.md)."""
