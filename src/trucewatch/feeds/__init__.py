"""Live feeds: sources pulled on a schedule (the UCDP and ACLED APIs, GDELT's 15-minute files,
news by RSS/Atom or a watched folder), each a versioned component beside the file adapters of
:mod:`trucewatch.sources`. A feed fetches what is new since its cursor and writes it as files in
the format of a file adapter; it never touches the store. ``trucewatch watch``
(:mod:`trucewatch.watch`) ingests what it pulls, saves its cursor and alerts (docs/feeds.md).
"""
