"""Did violence fall? Summaries, estimates and the seeded simulator."""
