"""The one pass over a chunk's bytes behind :func:`~trucewatch.sources._plain.plain_lines`.

Compiled with numba (cached on disk) and imported on first use: it finds the physical lines
(``\\n``, ``\\r\\n`` or a lone ``\\r``), says of each whether it is *plain* in the sense of
:func:`~trucewatch.sources._plain.plain_line_pattern` (the reference: a test holds the two
alike) and whether it holds a byte over 0x7F, and whether the chunk is valid UTF-8.
"""

from __future__ import annotations

from numba import njit

__all__ = ["count_lines", "scan_lines"]


@njit(cache=True, nogil=True)
def count_lines(data):  # type: ignore[no-untyped-def]  # fmt: skip
    """The number of physical lines of ``data`` (a last one without a line break counts)."""
    n = len(data)
    count = 0
    i = 0
    while i < n:
        b = data[i]
        if b == 10:
            count += 1
        elif b == 13:
            count += 1
            if i + 1 < n and data[i + 1] == 10:
                i += 1
        i += 1
    if n and data[n - 1] != 10 and data[n - 1] != 13:
        count += 1
    return count


@njit(cache=True, nogil=True)
def _not_plain_at(data, i, end):  # type: ignore[no-untyped-def]  # fmt: skip
    """Whether the character starting at ``data[i]`` is one no plain line holds: a C0 control
    but tab, DEL, or U+FEFF / U+FFFE / U+FFFF (EF BB BF / EF BF BE / EF BF BF)."""
    b = data[i]
    if (b < 32 and b != 9) or b == 127:
        return True
    if b == 0xEF and i + 2 < end:
        b1 = data[i + 1]
        b2 = data[i + 2]
        if (b1 == 0xBB and b2 == 0xBF) or (b1 == 0xBF and (b2 == 0xBE or b2 == 0xBF)):
            return True
    return False


@njit(cache=True, nogil=True)
def scan_lines(data, delimiter, width, ends, plain, wide):  # type: ignore[no-untyped-def]  # fmt: skip
    """Fill ``ends`` (each line's end, its line break included), ``plain`` and ``wide`` (a
    byte over 0x7F) per line, sized by :func:`count_lines`; True if ``data`` is valid UTF-8.

    A plain line: ``width`` fields split by ``delimiter`` (a byte below 0x80, not a quote, a
    control or DEL), each unquoted without a quote or quoted with its quotes doubled, no
    character :func:`_not_plain_at` refuses, ended by a line break.
    """
    n = len(data)
    valid = True
    need = 0  # UTF-8 continuation bytes still expected
    low = 0x80  # the range the next continuation byte must be in
    high = 0xBF
    line = 0
    i = 0
    while line < len(ends):
        # one line: state 0 a field's start, 1 unquoted, 2 quoted, 3 a quote in a quoted field
        state = 0
        fields = 1
        ok = True
        non_ascii = False
        broken = True  # no line break (the chunk's last line)
        while i < n:
            b = data[i]
            if need:
                if b < low or b > high:  # a character cut short: b starts another
                    valid = False
                    need = 0
                    low = 0x80
                    high = 0xBF
                else:
                    need -= 1
                    low = 0x80
                    high = 0xBF
                    i += 1
                    continue
            if b == 10 or b == 13:
                i += 1
                if b == 13 and i < n and data[i] == 10:
                    i += 1
                broken = False
                break
            if b >= 0x80:
                non_ascii = True
                if 0xC2 <= b <= 0xDF:
                    need = 1
                elif 0xE0 <= b <= 0xEF:
                    need = 2
                    if b == 0xE0:
                        low = 0xA0
                    elif b == 0xED:
                        high = 0x9F
                elif 0xF0 <= b <= 0xF4:
                    need = 3
                    if b == 0xF0:
                        low = 0x90
                    elif b == 0xF4:
                        high = 0x8F
                else:
                    valid = False
            if ok:
                if state == 3:
                    if b == 34:
                        state = 2
                    elif b == delimiter:
                        fields += 1
                        state = 0
                    else:
                        ok = False
                elif state == 2:
                    if b == 34:
                        state = 3
                    elif _not_plain_at(data, i, n):
                        ok = False
                elif b == delimiter:
                    fields += 1
                    state = 0
                elif b == 34:
                    if state == 0:
                        state = 2
                    else:
                        ok = False
                elif _not_plain_at(data, i, n):
                    ok = False
                else:
                    state = 1
            i += 1
        if need:  # a character cut by the line's end
            valid = False
            need = 0
            low = 0x80
            high = 0xBF
        ends[line] = i
        plain[line] = ok and not broken and state != 2 and fields == width
        wide[line] = non_ascii
        line += 1
    return valid
