"""What the command line does with an error that reached the top: one line and an exit code.

Exit codes of every command (docs/cli.md): 0 done; 1 done, but some input rows were refused;
2 nothing done (bad input or usage: an error of :mod:`trucewatch.errors`); 3 an internal error
(any other exception: a bug); 130 interrupted (Ctrl-C); 141 the reader of the output
stopped reading (`| head`: nothing more is said). An internal error prints one line
naming the exception and where its traceback went: a file in the temporary folder, or stderr
with ``TRUCEWATCH_DEBUG=1``. The store is written in whole transactions, so a command stopped by
an internal error leaves no partial write behind.

Kept light (no store, no rich): the top-level group imports it when an exception reaches it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback

import typer

from trucewatch.errors import StoreBusyError, TrucewatchError

__all__ = [
    "DEBUG_ENV",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "internal_error",
    "uncaught",
    "user_error",
]

#: exit code when the reader of the output closed it (128 + SIGPIPE, as a shell reports it)
EXIT_BROKEN_PIPE = 141
#: exit code of an internal error (an exception outside trucewatch.errors: a bug)
EXIT_INTERNAL = 3
#: exit code of a command interrupted by Ctrl-C (typer's, 128 + SIGINT)
EXIT_INTERRUPTED = 130
#: set to 1 to print an internal error's traceback on stderr instead of into a file
DEBUG_ENV = "TRUCEWATCH_DEBUG"
#: the longest exception message an internal error's line shows
MESSAGE_CHARS = 300
_USER_ERROR = 2  # the same as _common.EXIT_ERROR (not imported: _common imports the store)


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MESSAGE_CHARS else line[: MESSAGE_CHARS - 1] + "…"


def _debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no")


def _save_traceback(text: str) -> str | None:
    """The path of a new file in the temporary folder holding ``text``, or None if it failed."""
    try:
        fd, path = tempfile.mkstemp(prefix="trucewatch-traceback-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError:
        return None
    return path


def internal_error(exc: BaseException) -> typer.Exit:
    """Say on stderr that ``exc`` is a bug, with where its traceback is; exit code 3."""
    kind = type(exc).__qualname__
    message = _one_line(str(exc))
    what = f"internal error: {kind}: {message}" if message else f"internal error: {kind}"
    text = "".join(traceback.format_exception(exc))
    if _debugging():
        typer.echo(text.rstrip("\n"), err=True)
        where = "with the traceback above"
    else:
        saved = _save_traceback(text)
        where = (
            f"with its traceback, saved in {saved}"
            if saved
            else f"with the traceback that {DEBUG_ENV}=1 prints when you run it again"
        )
    typer.echo(f"{what}; this is a bug in trucewatch, please report it {where}", err=True)
    return typer.Exit(EXIT_INTERNAL)


def user_error(exc: TrucewatchError) -> typer.Exit:
    """One line for an error of the tree that a command did not catch itself; exit code 2."""
    hint = (
        " (trucewatch --wait SECONDS, or TRUCEWATCH_WAIT)"
        if isinstance(exc, StoreBusyError)
        else ""
    )
    typer.echo(f"error: {exc}{hint}", err=True)
    return typer.Exit(_USER_ERROR)


def uncaught(exc: Exception) -> typer.Exit:
    """The exit of an exception no command caught: 2 for trucewatch's errors, 141 (as a
    process killed by SIGPIPE) when whoever read the output stopped reading (``| head``),
    quietly, else 3."""
    if isinstance(exc, TrucewatchError):
        return user_error(exc)
    if isinstance(exc, BrokenPipeError):
        # nothing more can be written to stdout: point it at /dev/null, so that Python's own
        # flush at exit does not complain again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return typer.Exit(EXIT_BROKEN_PIPE)
    return internal_error(exc)
