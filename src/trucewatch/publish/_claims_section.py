"""The report's "Claims" section: what was said about the truce, beside what the data show
(:func:`trucewatch.claims.check_claim` of each claim against the report's agreement)."""

from __future__ import annotations

from collections.abc import Sequence

from trucewatch.claims import ClaimCheck
from trucewatch.publish._html import Safe, para, section, table

__all__ = ["claims_section"]

_KINDS = {
    "violence_decreased": "violence decreased",
    "violence_increased": "violence increased",
    "truce_holding": "the truce is holding",
    "truce_collapsed": "the truce collapsed",
    "violations_counted": "violations counted",
}


def _who(check: ClaimCheck) -> str:
    c = check.claim.claimant
    return "—" if c is None else ", ".join(x for x in (c.person, c.office, c.state) if x)


def _period(check: ClaimCheck) -> str:
    if check.during_first is None or check.during_last is None:
        return "—"
    return f"{check.during_first:%d %b} – {check.during_last:%d %b %Y} ({check.days_during} d)"


def _ratio(check: ClaimCheck) -> str:
    if check.rate_ratio is None or check.ci_low is None or check.ci_high is None:
        return "—"
    return f"{check.rate_ratio:.2f} ({check.ci_low:.2f}–{check.ci_high:.2f})"


def _counts(check: ClaimCheck) -> str:
    if check.events_before is None or check.events_during is None:
        return "—"
    return f"{check.events_before} → {check.events_during}"


def claims_section(checks: Sequence[ClaimCheck], agreement_id: str) -> Safe:
    """Each claim (who, what, the sentence) beside the measured change on the agreement's
    scope over the claim's period and as many days before, and the verdict with its reason."""
    rows = [
        (
            _KINDS.get(c.claim.kind, c.claim.kind)
            + (f" ({c.claim.count})" if c.claim.count is not None else ""),
            _who(c),
            c.claim.span.text,
            _period(c),
            _counts(c),
            _ratio(c),
            c.verdict,
            c.reason,
        )
        for c in checks
    ]
    headers = (
        "claim",
        "claimant",
        "sentence",
        "period checked",
        "events before → during",
        "rate ratio (95 %)",
        "data",
        "why",
    )
    return section(
        "claims",
        "Claims and what the data show",
        para(
            f"Claims made in the news, each checked against the scope of {agreement_id}: violent "
            "events in the scope (certain in space and time, excluded groups apart) over the "
            "claim's period against as many days just before it. Supported: the 95 % interval "
            "of the rate ratio lies on the side the claim says; contradicted: on the other side; "
            "otherwise not enough data (a count of alleged violations is never contradicted by "
            "fewer recorded events: datasets code fewer incidents than parties allege)."
        ),
        table(headers, rows, numeric=(4, 5), empty="no claims"),
    )
