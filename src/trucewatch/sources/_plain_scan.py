"""The one pass over a chunk's bytes behind :func:`~trucewatch.sources._plain.plain_lines`.

Compiled with numba (cached on disk) and imported on first use: it finds the physical lines
(``\\n``, ``\\r\\n`` or a lone ``\\r``), says of each whether it is *plain* in the sense of
:func:`~trucewatch.sources._plain.plain_line_pattern` (the reference: a test holds the two
alike) and whether it holds a byte over 0x7F, and whether the chunk is valid UTF-8.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["byte_classes", "scan_lines"]


#: byte classes of :func:`scan_lines` (the delimiter's class is set per call)
ORDINARY, DELIMITER, QUOTE, REFUSED, NEWLINE, RETURN, HIGH = range(7)


def byte_classes(delimiter: int) -> np.ndarray:
    """The class of each byte value for :func:`scan_lines`: refused are the C0 controls but
    tab and the line breaks, and DEL; 0x80 and over are checked as UTF-8 there."""
    classes = np.zeros(256, np.uint8)
    classes[:32] = REFUSED
    classes[9] = ORDINARY
    classes[127] = REFUSED
    classes[128:] = HIGH
    classes[10], classes[13], classes[34] = NEWLINE, RETURN, QUOTE
    classes[delimiter] = DELIMITER
    return classes


@njit(cache=True, nogil=True)
def _utf8_length(data, i, n):  # type: ignore[no-untyped-def]  # fmt: skip
    """The length of the valid UTF-8 character starting with ``data[i]`` (0x80 or over), or
    0 if it is not one."""
    b = data[i]
    low = 0x80
    high = 0xBF
    if 0xC2 <= b <= 0xDF:
        size = 2
    elif 0xE0 <= b <= 0xEF:
        size = 3
        if b == 0xE0:
            low = 0xA0
        elif b == 0xED:
            high = 0x9F
    elif 0xF0 <= b <= 0xF4:
        size = 4
        if b == 0xF0:
            low = 0x90
        elif b == 0xF4:
            high = 0x8F
    else:
        return 0
    if i + size > n:
        return 0
    c = data[i + 1]
    if c < low or c > high:
        return 0
    for k in range(2, size):
        c = data[i + k]
        if c < 0x80 or c > 0xBF:
            return 0
    return size


@njit(cache=True, nogil=True)
def scan_lines(data, classes, width):  # type: ignore[no-untyped-def]  # fmt: skip
    """``(ends, plain, wide, valid)``: each line's end (its line break included), whether it
    is plain and whether it holds a byte over 0x7F, and whether ``data`` is valid UTF-8. One
    pass: the arrays are sized by a guess and grown (doubled) when the lines outnumber it.

    ``classes``: :func:`byte_classes` of the delimiter. A plain line: ``width`` fields split
    by the delimiter, each unquoted without a quote or quoted with its quotes doubled, no
    control but tab, no DEL, no U+FEFF / U+FFFE / U+FFFF (EF BB BF / EF BF BE / EF BF BF),
    ended by a line break. Ordinary bytes cost one look-up: the state changes at the others
    (a quote closing a field looks at the byte after it). A last line without a line break
    counts (and is not plain).
    """
    n = len(data)
    room = n // 256 + 64
    ends = np.empty(room, np.int64)
    plain = np.empty(room, np.bool_)
    wide = np.empty(room, np.bool_)
    valid = True
    line = 0
    i = 0
    while i < n:
        if line == room:  # more lines than guessed: twice the room
            room *= 2
            ends = _grown(ends, room)
            plain = _grown(plain, room)
            wide = _grown(wide, room)
        field_start = i
        fields = 1
        quoted = False
        ok = True
        non_ascii = False
        broken = True  # no line break (the chunk's last line)
        while i < n:
            kind = classes[data[i]]
            if kind == 0:
                i += 1
            elif kind == 1:  # the delimiter
                if not quoted:
                    fields += 1
                    field_start = i + 1
                i += 1
            elif kind == 2:  # a quote
                if not quoted:
                    if i == field_start:
                        quoted = True
                    else:
                        ok = False
                    i += 1
                elif i + 1 < n and data[i + 1] == 34:  # a doubled quote
                    i += 2
                else:  # the field's closing quote: a delimiter or a line break follows
                    quoted = False
                    after = classes[data[i + 1]] if i + 1 < n else 0
                    if after == 1:
                        fields += 1
                        field_start = i + 2
                        i += 2
                    else:
                        if after != 4 and after != 5:
                            ok = False
                        i += 1
            elif kind == 6:  # 0x80 and over: a UTF-8 character, checked whole
                non_ascii = True
                size = _utf8_length(data, i, n)
                if size == 0:
                    valid = False
                    i += 1
                else:
                    if size == 3 and data[i] == 0xEF:
                        b1 = data[i + 1]
                        b2 = data[i + 2]
                        if (b1 == 0xBB and b2 == 0xBF) or (b1 == 0xBF and b2 >= 0xBE):
                            ok = False  # U+FEFF, U+FFFE, U+FFFF
                    i += size
            elif kind == 3:  # a control or DEL
                ok = False
                i += 1
            else:  # a line break
                i += 1
                if kind == 5 and i < n and data[i] == 10:
                    i += 1
                broken = False
                break
        ends[line] = i
        plain[line] = ok and not broken and not quoted and fields == width
        wide[line] = non_ascii
        line += 1
    return ends[:line], plain[:line], wide[:line], valid


@njit(cache=True, nogil=True)
def _grown(values, size):  # type: ignore[no-untyped-def]  # fmt: skip
    """``values`` copied into an array of ``size`` (larger) items."""
    out = np.empty(size, values.dtype)
    out[: len(values)] = values
    return out
