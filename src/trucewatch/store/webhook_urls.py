"""What a subscription's fields may hold, checked without the network.

Every field that reaches a message header (an e-mail Subject, an HTTP request line or header)
is refused when it holds a control character (C0, DEL, C1, the Unicode line and paragraph
separators): a newline in a header would end it and start another. A webhook URL is also
checked for its form: http or https, no credentials, no white space, a host that is a DNS name
or an IP address written the usual way (four decimal numbers, or IPv6 in brackets). Odd
spellings of an IPv4 address (``127.1``, ``0177.0.0.1``, ``0x7f000001``, ``2130706433``) are
refused: they name an address while looking like a name. Where the host resolves, and whether
it may be reached, is checked by ``publish/alerts/destinations.py`` when the subscription is
created and again at each delivery.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from trucewatch.errors import ValidationError

__all__ = ["URL_MAX", "check_plain_text", "check_webhook_url", "control_character", "url_host"]

#: The longest webhook URL (characters).
URL_MAX = 2000
_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_EXAMPLE = "(https://example.org/hooks/trucewatch)"


def control_character(text: str) -> tuple[int, str] | None:
    """The first control character of ``text`` (its 1-based position and ``U+000A``), or None.

    Control characters: C0 and C1 controls, DEL (Unicode category Cc), and the line and
    paragraph separators U+2028 and U+2029 (categories Zl, Zp).
    """
    for i, char in enumerate(text, start=1):
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return i, f"U+{ord(char):04X}"
    return None


def check_plain_text(what: str, text: str) -> None:
    """A ValidationError naming ``what`` if ``text`` holds a control character."""
    found = control_character(text)
    if found is not None:
        position, code = found
        raise ValidationError(
            f"{what} {text!r} holds the control character {code} at position {position}: "
            "it may reach a message header; use letters, digits, spaces and punctuation only"
        )


def url_host(parts: SplitResult) -> str:
    """The host of a split URL as a connection names it: lower case, IPv6 without brackets."""
    return (parts.hostname or "").lower()


def _check_host(url: str, host: str) -> None:
    if not host:
        raise ValidationError(f"webhook URL {url!r} has no host {_EXAMPLE}")
    if ":" in host:  # IPv6, written in brackets
        if "%" in host:
            raise ValidationError(
                f"webhook URL {url!r} names an IPv6 zone ({host}): give a global address"
            )
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValidationError(f"webhook URL {url!r}: {host!r} is not an IPv6 address") from None
        return
    name = host[:-1] if host.endswith(".") else host
    labels = name.split(".")
    if labels and _NUMERIC_LABEL.match(labels[-1]):  # an IPv4 address, as URL parsers see it
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            raise ValidationError(
                f"webhook URL {url!r}: host {host!r} is an IPv4 address written in an unusual "
                "form (short, octal, hexadecimal or one number): write it as four decimal "
                "numbers, such as 192.0.2.10, or give the host's name"
            ) from None
        return
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ValidationError(
            f"webhook URL {url!r}: host {host!r} is not a valid host name (letters, digits and "
            "hyphens between dots; an international name in its xn-- form)"
        )


def check_webhook_url(url: str) -> SplitResult:
    """The URL split in parts, or a ValidationError saying what is wrong with it and the fix."""
    if len(url) > URL_MAX:
        raise ValidationError(f"webhook URL is {len(url)} characters; at most {URL_MAX}")
    found = control_character(url)
    if found is not None:
        raise ValidationError(
            f"webhook URL {url!r} holds the control character {found[1]} at position "
            f"{found[0]}: give the URL on one line, without control characters"
        )
    for i, char in enumerate(url, start=1):
        if char.isspace():
            raise ValidationError(
                f"webhook URL {url!r} holds white space at position {i}: percent-encode it (%20)"
            )
        if not char.isascii():
            raise ValidationError(
                f"webhook URL {url!r} holds the non-ASCII character {char!r} at position {i}: "
                "percent-encode it, and write an international host name in its xn-- form"
            )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValidationError(f"webhook URL {url!r} cannot be read: {exc} {_EXAMPLE}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(
            f"webhook URL {url!r} must be an absolute http:// or https:// URL with a host "
            f"{_EXAMPLE}"
        )
    if "@" in parts.netloc:
        raise ValidationError(
            f"webhook URL {url!r} holds credentials (user:password@): they are refused, "
            "because they would be stored and shown in listings; the subscription's secret "
            "signs every delivery instead"
        )
    if port == 0:
        raise ValidationError(f"webhook URL {url!r} has port 0: give a port from 1 to 65535")
    _check_host(url, url_host(parts))
    return parts
