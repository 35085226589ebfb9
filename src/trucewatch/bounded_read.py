"""Reading a file a user named, without hanging on it or reading it without end.

A path may name a FIFO (reading it waits for a writer for ever), a device (``/dev/zero`` never
ends) or a directory. :func:`read_bounded` looks at the path with ``os.stat`` first and refuses
anything but a regular file, and files over a size limit, without opening them; it then opens
the file without blocking, checks again what it opened (the path may have been swapped in
between) and reads at most the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from trucewatch.errors import ValidationError

__all__ = ["read_bounded", "special_kind"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(path: Path) -> str | None:
    """What ``path`` is when reading it could wait or run for ever (a FIFO, a device, a socket),
    else None (a regular file, a directory, or nothing at all); never opens it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _check(info: os.stat_result, path: Path, limit: int, what: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise ValidationError(
            f"{what} {str(path)!r} is {kind}, not a regular file: give the path of a file"
        )
    if info.st_size > limit:
        raise ValidationError(
            f"{what} {str(path)!r} is {info.st_size:,} bytes; at most {limit:,} are read"
        )


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); ValidationError otherwise.

    ``what`` names the file in messages ("agreement file", "GeoJSON file").
    """
    try:
        _check(os.stat(path), path, limit, what)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        handle = os.fdopen(os.open(path, flags | getattr(os, "O_BINARY", 0)), "rb")
    except OSError as exc:
        raise ValidationError(f"cannot read {what} {str(path)!r}: {exc.strerror}") from exc
    with handle:
        _check(os.fstat(handle.fileno()), path, limit, what)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            f"{what} {str(path)!r} grew over {limit:,} bytes while read; at most {limit:,} are read"
        )
    return data
