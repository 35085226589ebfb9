"""Geography: admin boundaries, agreement scopes, gazetteer and the time zone of a place."""
