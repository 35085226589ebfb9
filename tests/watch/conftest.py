from watch_fixture import smtp, template_store, watch_db  # noqa: F401
