"""Windows of agreements in UTC, and how and when a window or a whole agreement ended.

Real truces end: they expire (their stated duration runs out), lapse (a later window of the same
agreement replaces them), collapse (fighting resumes; recorded with a date and a source, or a
breakdown the effect module detected and an analyst accepted), are superseded by another
arrangement, or are terminated by a party. A :class:`WindowEnd` is that record; the window's
effective interval ends at it (:class:`~trucewatch.model.agreement.Window`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from trucewatch.errors import ValidationError
from trucewatch.model._ids import check_id as _check_id
from trucewatch.model.time import Interval, to_utc, zone

if TYPE_CHECKING:
    from trucewatch.model.agreement import Scope

__all__ = [
    "BASE_WINDOW_ID",
    "END_KINDS",
    "EndKind",
    "Window",
    "WindowEnd",
    "WindowKind",
    "check_ends",
]

BASE_WINDOW_ID = "base"
WindowKind = Literal["base", "extension", "declaration"]

EndKind = Literal["expired", "lapsed", "collapsed", "superseded", "terminated"]

#: The kinds of end, in the order the docs explain them.
END_KINDS: tuple[EndKind, ...] = ("expired", "lapsed", "collapsed", "superseded", "terminated")


@dataclass(frozen=True, slots=True)
class WindowEnd:
    """A recorded end: its kind, the UTC instant, and where it is known from.

    ``written`` is ``at`` as the file gives it (an instant with its offset, a date meaning the
    end of that local day) or ``None`` when the end is the window's stated end (``expired``
    without ``at``). ``evidence`` holds source citations; every kind but ``expired`` needs one.
    ``replaced_by`` (lapsed only, and required there) is the id of the window that took over.
    """

    kind: EndKind
    at: datetime
    written: str | None = None
    evidence: tuple[str, ...] = ()
    replaced_by: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in END_KINDS:
            raise ValidationError(f"end kind {self.kind!r} is not one of {', '.join(END_KINDS)}")
        object.__setattr__(self, "at", to_utc(self.at, f"{self.kind} end"))
        object.__setattr__(self, "evidence", tuple(self.evidence))
        if any(not isinstance(e, str) or not e.strip() for e in self.evidence):
            raise ValidationError(f"a {self.kind} end has an empty evidence entry")
        if self.kind != "expired" and not self.evidence:
            raise ValidationError(
                f"a {self.kind} end needs evidence: cite the source that reports it (who, "
                "where, when), or the accepted breakdown the effect module detected"
            )
        if self.kind == "lapsed" and not self.replaced_by:
            raise ValidationError("a lapsed end needs replaced_by: the window that took over")
        if self.kind != "lapsed" and self.replaced_by is not None:
            raise ValidationError(
                f"only a lapsed end has replaced_by; this one is {self.kind} "
                f"(replaced_by {self.replaced_by!r})"
            )

    def describe(self) -> str:
        """``lapsed 2016-05-06T21:00Z (replaced by ext-72h-2016-05-07)``: kind, instant, by."""
        when = self.at.isoformat().replace("+00:00", "Z")
        by = f" (replaced by {self.replaced_by})" if self.replaced_by else ""
        return f"{self.kind} {when}{by}"


@dataclass(frozen=True, slots=True)
class Window:
    """A period during which (part of) an agreement is in force, in UTC.

    ``kind`` is ``base`` (the agreement's own start/end), ``extension`` (a link of the chain;
    ``parent_id`` names the window it extends) or ``declaration`` (a unilateral start by the party
    ``declared_by``). ``scope`` None means the agreement's scope. ``local_start`` is the start as
    written in the file (with its offset), ``timezone`` the IANA zone it was checked against.

    ``interval`` is the effective interval (what verdicts use). ``ended`` records how the window
    ended when that is known (:class:`WindowEnd`); ``nominal`` is then the interval as stated
    (start + duration, the stated end, or open), None when it is ``interval`` itself. A window
    with neither a stated end nor a recorded end is open-ended (``open_ended``).
    """

    id: str
    agreement_id: str
    kind: WindowKind
    interval: Interval
    timezone: str
    local_start: str
    parent_id: str | None = None
    declared_by: str | None = None
    scope: Scope | None = None
    note: str | None = None
    source: str | None = None
    ended: WindowEnd | None = None
    nominal: Interval | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, "window")
        zone(self.timezone)
        if self.kind not in ("base", "extension", "declaration"):
            raise ValidationError(
                f"window kind {self.kind!r} is not one of base, extension, declaration"
            )
        if self.kind == "extension" and not self.parent_id:
            raise ValidationError(f"extension {self.id!r} needs a parent window")
        if self.kind != "extension" and self.parent_id is not None:
            raise ValidationError(f"only extensions have a parent; {self.id!r} is a {self.kind}")
        if self.kind == "declaration" and not self.declared_by:
            raise ValidationError(f"declaration {self.id!r} needs declared_by")
        if self.kind != "declaration" and self.declared_by is not None:
            raise ValidationError(f"only declarations have declared_by; {self.id!r} is not one")
        self._check_end()

    def _check_end(self) -> None:
        where = f"agreement {self.agreement_id!r}, window {self.id!r}"
        if self.ended is None:
            if self.nominal is not None and self.nominal != self.interval:
                raise ValidationError(f"{where}: a nominal interval differs but no end is recorded")
            return
        end, nominal = self.ended, self.nominal_interval
        if end.at <= self.start:
            raise ValidationError(
                f"{where}: the recorded end ({end.kind}, {end.at.isoformat()}) is not after the "
                f"window's start {self.start.isoformat()}: a window cannot end before it starts"
            )
        if nominal.start != self.start:
            raise ValidationError(f"{where}: the nominal interval starts at another instant")
        if nominal.end is not None and end.at > nominal.end:
            raise ValidationError(
                f"{where}: the recorded end ({end.kind}, {end.at.isoformat()}) is after the "
                f"window's stated end {nominal.end.isoformat()}: a window cannot run longer "
                "than stated (record an extension instead)"
            )
        if self.interval.end != end.at:
            raise ValidationError(
                f"{where}: the interval must end at the recorded end {end.at.isoformat()} "
                "(build it with Window.ending)"
            )
        if end.replaced_by == self.id:
            raise ValidationError(f"{where}: a window cannot be replaced by itself")

    @property
    def start(self) -> datetime:
        return self.interval.start

    @property
    def end(self) -> datetime | None:
        """The effective end (None: open-ended)."""
        return self.interval.end

    @property
    def nominal_interval(self) -> Interval:
        """The interval as stated in the agreement, before any recorded end."""
        return self.interval if self.nominal is None else self.nominal

    @property
    def open_ended(self) -> bool:
        """No end stated and none recorded: the window runs on for ever."""
        return self.interval.end is None

    def ending(self, end: WindowEnd) -> Window:
        """This window cut at a recorded end (refused if that is not after its start)."""
        nominal = self.nominal_interval
        if end.at <= self.start:
            where = f"agreement {self.agreement_id!r}, window {self.id!r}"
            raise ValidationError(
                f"{where}: the recorded end ({end.kind}, {end.at.isoformat()}) is not after the "
                f"window's start {self.start.isoformat()}: a window cannot end before it starts"
            )
        return replace(
            self,
            interval=Interval(self.start, end.at),
            ended=end,
            nominal=None if nominal.end == end.at else nominal,
        )


def check_ends(agreement_id: str, windows: list[Window], end: WindowEnd | None) -> None:
    """Ends across an agreement's windows: known replacements; the agreement's own end, if any,
    after every window's start and not before any window's end."""
    ids = {w.id: w for w in windows}
    for w in windows:
        replaced_by = None if w.ended is None else w.ended.replaced_by
        if replaced_by is not None and replaced_by not in ids:
            raise ValidationError(
                f"agreement {agreement_id!r}, window {w.id!r}: replaced_by {replaced_by!r} is not "
                f"a window of the agreement ({', '.join(ids)})"
            )
    if end is None:
        return
    if end.kind == "lapsed":
        raise ValidationError(
            f"agreement {agreement_id!r}: a whole agreement cannot lapse (a lapse is a window "
            "replaced by another of the same agreement); use superseded"
        )
    for w in windows:
        if w.start >= end.at:
            raise ValidationError(
                f"agreement {agreement_id!r}, window {w.id!r}: starts {w.start.isoformat()}, not "
                f"before the agreement ended ({end.kind}, {end.at.isoformat()})"
            )
        if w.end is None or w.end > end.at:
            raise ValidationError(
                f"agreement {agreement_id!r}, window {w.id!r}: runs past the agreement's end "
                f"({end.kind}, {end.at.isoformat()}); cut it with Window.ending"
            )
