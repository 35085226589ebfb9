"""The compiled line scan of the column reader (sources/_plain.py, _plain_scan.py) says of every
line what the reader's earlier test said: numpy's line split, the RE2 pattern of a plain line
and pyarrow's UTF-8 validation, kept here as the reference."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trucewatch.sources._plain import find_lines, plain_line_pattern, usable_delimiter

# bytes that steer the scan: delimiters, quotes, line breaks, controls, and UTF-8 pieces valid,
# refused in plain lines (BOM, U+FFFE, U+FFFF) and invalid (a lone lead, a surrogate, 0xFF)
PIECES = [
    b",",
    b";",
    b'"',
    b'""',
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b"a",
    b"7",
    b" ",
    b"\x00",
    b"\x1f",
    b"\x7f",
    "é".encode(),
    "€".encode(),
    "𝄞".encode(),
    "\u0085".encode(),
    "\ufeff".encode(),
    "\ufffe".encode(),
    "\uffff".encode(),
    "\ufffd".encode(),
    b"\xef\xbb",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xe0\x80\x80",
    b"\xf4\x90\x80\x80",
    b"\xff",
    b"\x80",
]


def reference(data: bytes, delimiter: str, width: int, max_bytes: int):
    """(starts, ends, plain) as the column reader computed them before the compiled scan."""
    array = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(array == 10) + 1
    returns = np.flatnonzero(array == 13)
    if returns.size:
        follows = returns + 1
        alone = returns[
            (follows >= len(array)) | (array[np.minimum(follows, len(array) - 1)] != 10)
        ]
        ends = np.union1d(ends, alone + 1)
    if ends.size == 0 or ends[-1] != len(array):
        ends = np.append(ends, len(array))
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1]
    lengths = ends - starts
    offsets = pa.py_buffer(np.append(starts, len(array)).astype(np.int64))
    lines = pa.LargeStringArray.from_buffers(len(ends), offsets, pa.py_buffer(data))
    try:
        lines.validate(full=True)
        valid = True
    except pa.ArrowInvalid:
        valid = False
    if valid:
        pattern = plain_line_pattern(width, delimiter)
        plain = pc.match_substring_regex(lines, pattern).to_numpy(zero_copy_only=False)
    else:  # RE2 on bytes invalid in UTF-8 says nothing useful: only ASCII lines can be plain
        ascii_lines = pa.array(
            [data[a:b].decode("latin-1") if max(data[a:b], default=0) < 0x80 else "\x00"
             for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        )  # fmt: skip
        pattern = plain_line_pattern(width, delimiter)
        plain = pc.match_substring_regex(ascii_lines, pattern).to_numpy(zero_copy_only=False)
    plain &= lengths <= max_bytes
    return starts, ends, plain


@settings(max_examples=600, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=40),
    delimiter=st.sampled_from([",", ";", "\t"]),
    width=st.integers(1, 4),
    max_bytes=st.sampled_from([4, 12, 1000]),
)
def test_the_compiled_scan_finds_the_lines_and_plain_lines_the_pattern_finds(
    pieces, delimiter, width, max_bytes
):
    data = b"".join(pieces)
    starts, ends, plain = find_lines(
        np.frombuffer(data, dtype=np.uint8), delimiter, width, max_bytes
    )
    want_starts, want_ends, want_plain = reference(data, delimiter, width, max_bytes)
    assert ends.tolist() == want_ends.tolist()
    assert starts.tolist() == want_starts.tolist()
    assert plain.tolist() == want_plain.tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_a_chunk_invalid_in_utf8_has_no_plain_line_with_a_byte_over_0x7f(pieces):
    data = b"".join(pieces)
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    starts, ends, plain = find_lines(np.frombuffer(data, dtype=np.uint8), ",", 2, 1000)
    for a, b, is_plain in zip(starts.tolist(), ends.tolist(), plain.tolist(), strict=True):
        if is_plain and not valid:
            assert max(data[a:b]) < 0x80
        if is_plain:
            data[a:b].decode("utf-8")  # what pyarrow reads without checking must be UTF-8


def test_a_ged_line_with_doubled_quotes_is_plain_and_one_with_a_stray_quote_is_not():
    data = b'1,"""SOHR, 2016""",x\n2,ab"c,x\r\n3,"a"b,x\r4,,\n5,"a"b",x\n6,"",""\n'
    _, _, plain = find_lines(np.frombuffer(data, dtype=np.uint8), ",", 3, 1000)
    assert plain.tolist() == [True, False, False, True, False, True]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([b",", b'"', b"a", b"\n"]), min_size=1, max_size=14))
def test_the_scan_and_the_pattern_agree_on_every_short_arrangement_of_quotes(pieces):
    data = b"".join(pieces)
    _, _, plain = find_lines(np.frombuffer(data, dtype=np.uint8), ",", 2, 1000)
    assert plain.tolist() == reference(data, ",", 2, 1000)[2].tolist()


def test_only_one_ascii_character_but_a_quote_is_a_delimiter_the_scan_takes():
    assert usable_delimiter(",") and usable_delimiter("\t") and usable_delimiter(";")
    assert not usable_delimiter('"') and not usable_delimiter("§")
    assert not usable_delimiter("\x01") and not usable_delimiter(",,")


@pytest.mark.parametrize("lines", [1, 63, 64, 65, 129, 5000])
def test_the_scan_finds_every_line_when_they_outnumber_its_first_guess(lines):
    # the scan's arrays start at about one line per 256 bytes and grow: short lines overflow it
    data = b"a,b\n\r\n,\r" * lines + b"x,y"
    starts, ends, plain = find_lines(np.frombuffer(data, dtype=np.uint8), ",", 2, 1000)
    want_starts, want_ends, want_plain = reference(data, ",", 2, 1000)
    assert len(ends) == 3 * lines + 1
    assert ends.tolist() == want_ends.tolist()
    assert starts.tolist() == want_starts.tolist()
    assert plain.tolist() == want_plain.tolist()
