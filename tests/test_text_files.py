"""People's files as text: UTF-8 as written, Windows-1252 read right and said, binary refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobstory.text_files import NotText, decode_text


@given(st.text())
def test_utf8_text_reads_back_exactly(text: str) -> None:
    decoded = decode_text(text.encode("utf-8", "surrogatepass"))
    assert decoded.text == text.removeprefix("\ufeff") and decoded.note() is None


def test_a_byte_order_mark_is_dropped() -> None:
    assert decode_text("\ufeffname,email\n".encode()).text == "name,email\n"


def test_windows_1252_is_read_right_and_names_its_first_line() -> None:
    decoded = decode_text("Q: Why?\nA: The café’s rota – a mess.\n".encode("cp1252"))
    assert decoded.text == "Q: Why?\nA: The café’s rota – a mess.\n"
    assert decoded.windows_1252_line == 2 and "Windows-1252" in (decoded.note() or "")


@pytest.mark.parametrize(("data", "line"), [(b"ok\n\x00\x01\xff", 2),
                                           (b"ok\nok\n\x9d", 3),
                                           (b"\x89PNG\r\n\x1a\n\xff", 1)])
def test_binary_is_refused_with_the_line_of_its_first_bad_byte(data: bytes, line: int) -> None:
    with pytest.raises(NotText) as refused:
        decode_text(data)
    assert refused.value.line == line
    assert str(refused.value).startswith("not UTF-8 text (byte 0x")
