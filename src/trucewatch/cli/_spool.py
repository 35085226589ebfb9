"""The spool folder of ``trucewatch watch`` and ``serve --watch``: where feeds write their files
before they are ingested (the library takes the folder its caller names)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def spool_beside(db: Path) -> Path:
    """The spool folder of the store ``db``: ``<store>.spool`` beside it (as its lock files
    are), one folder per feed inside, emptied once each pull is stored."""
    return db.with_name(db.name + ".spool")


SpoolOption = Annotated[
    Path | None,
    typer.Option(
        help="Folder the feeds write their files in before they are ingested (default: "
        "<store>.spool beside the store); emptied once each pull is stored.",
        file_okay=False,
    ),
]
