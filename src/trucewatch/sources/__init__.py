"""Source adapters: one module per source, each registered under its command-line name."""
