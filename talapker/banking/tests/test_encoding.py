"""A statement's code page is found from what reads as words, and a doubtful one is refused."""

from __future__ import annotations

import re

import pytest

from talapker.banking.statements.encoding import decode_text, plausible
from talapker.banking.statements.mt940 import decode
from talapker.banking.tests.bank_samples import FOLDER, needs_samples
from talapker.core.errors import InputError

KYRGYZ = ":86:/NAME/Асанов Нурлан/PURP/Взнос\r\n:86:ОсОО «Ала-Тоо», Бишкек\r\n"
HUNGARIAN = "Csoportos átutalás\r\nJóváírás\r\nKovács Bélá\r\n"
POLISH_CZECH = "Przelew zagraniczny\r\nŁódź\r\nPříjem\r\n"
GERMAN_FRENCH = "Überweisung\r\nGebühren\r\nSociété Générale\r\n"


def lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def test_utf8_is_taken_as_utf8_and_its_bom_dropped() -> None:
    text = "Өмүрбеков Нурлан Үсөнович, Жаңы Өнүгүү\n"
    assert decode_text("a.sta", text.encode("utf-8")) == text
    assert decode_text("a.sta", b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_pure_ascii_is_read_as_it_is() -> None:
    assert decode_text("a.sta", b":20:X\r\n:25:1\r:86:NONREF\n") == ":20:X\n:25:1\n:86:NONREF\n"


def test_cp1251_kyrgyz_and_russian_names() -> None:
    assert decode_text("a.sta", KYRGYZ.encode("cp1251")) == lf(KYRGYZ)


def test_cp866_the_same_names() -> None:
    text = KYRGYZ.replace("«", '"').replace("»", '"')
    assert decode_text("a.sta", text.encode("cp866")) == lf(text)


def test_a_single_capitalised_word_tells_cp866_from_cp1251() -> None:
    assert decode_text("a.sta", "Бишкек".encode("cp866")) == "Бишкек"
    assert decode_text("a.sta", "Бишкек".encode("cp1251")) == "Бишкек"


def test_cp852_hungarian() -> None:
    assert decode_text("a.sta", HUNGARIAN.encode("cp852")) == lf(HUNGARIAN)


def test_cp1250_polish_and_czech() -> None:
    assert decode_text("a.sta", POLISH_CZECH.encode("cp1250")) == lf(POLISH_CZECH)


def test_latin1_german_and_french() -> None:
    # cp1250 gives the same text for these letters: the two do not compete.
    assert decode_text("a.sta", GERMAN_FRENCH.encode("latin-1")) == lf(GERMAN_FRENCH)


def test_a_short_text_that_reads_as_words_in_two_code_pages_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        decode_text("short.sta", ":20:X\n:86:до\n".encode("cp1251"))
    message = str(refused.value)
    assert message.startswith("short.sta, line 2: ")
    assert "cannot be told" in message
    assert "'до' in cp1251" in message and "'фю' in cp866" in message
    assert "UTF-8" in message


def test_koi8r_reads_as_words_in_no_code_page_and_is_refused() -> None:
    text = ":20:X\n:86:Омурбеков Нурлан Усонович, добровольное пожертвование\n"
    with pytest.raises(InputError) as refused:
        decode_text("koi8.sta", text.encode("koi8_r"))
    assert "not text in UTF-8, cp1251 or cp866" in str(refused.value)
    assert refused.value.line == 2


def test_utf16_is_refused_with_its_reason() -> None:
    with pytest.raises(InputError, match="UTF-16"):
        decode_text("a.sta", ":20:X\n".encode("utf-16"))


def test_utf8_cut_inside_a_character_is_refused_as_cut_short() -> None:
    data = ":20:X\n:86:Жеңишбек\n".encode()
    with pytest.raises(InputError, match="cut short") as refused:
        decode_text("a.sta", data[: data.index("ң".encode()) + 1])
    assert refused.value.line == 2


def test_control_characters_are_refused_with_their_line() -> None:
    with pytest.raises(InputError, match="U\\+0000") as refused:
        decode_text("a.sta", b":20:X\r\n:86:A\x00B\r\n")
    assert refused.value.line == 2


def test_transmission_framing_is_dropped_and_lines_are_kept() -> None:
    data = b"\x01{1:F01X}{4:\r\n:20:A\r\n-}\x03\x01{1:F01X}{4:\r\n:20:B\r\n-}\x03\r\n\x1a"
    assert decode_text("a.sta", data) == "{1:F01X}{4:\n:20:A\n-}{1:F01X}{4:\n:20:B\n-}\n"
    assert decode_text("a.sta", b"\x01\n:20:A\n") == "\n:20:A\n"


def test_a_framing_byte_inside_text_is_still_refused() -> None:
    with pytest.raises(InputError, match="U\\+001A"):
        decode_text("a.sta", b":86:A\x1aB\n")


@pytest.mark.parametrize(
    "word",
    ["átutalás", "Jóváírás", "Łódź", "Příjem", "ОсОО", "«Ала-", "№", "Gebühren", "ООО", "à"],
)
def test_words_of_text_are_plausible(word: str) -> None:
    assert plausible(word)


@pytest.mark.parametrize(
    "word",
    [
        "\xa0tutal\xa0s",  # cp852 "átutalás" read as cp1251
        "аtutalаs",  # ... as cp866: two scripts in one word
        "ÎÎÎ",  # cp1251 "ООО" read as latin-1
        "ЃЁиЄҐЄ",  # cp866 "Бишкек" read as cp1251
        "пНХТВЕЛПЧ",  # KOI8-R "Омурбеков" read as cp1251
        "╬ьєЁсхъют",  # cp1251 "Омурбеков" read as cp866
        "Ã¡tutalÃ¡s",  # UTF-8 read as latin-1
    ],
)
def test_misread_words_are_not_plausible(word: str) -> None:
    assert not plausible(word)


def test_mt940_decode_uses_it() -> None:
    assert decode("a.sta", HUNGARIAN.encode("cp852")) == lf(HUNGARIAN)


@needs_samples
def test_the_raiffeisen_hungary_sample_reads_as_cp852() -> None:
    """A real DOS Latin-2 file that a statistical guess took for DOS Cyrillic."""
    text = decode_text(
        "raiffeisen_hu_cmi.sta", (FOLDER / "mt940/raiffeisen_hu_cmi.sta").read_bytes()
    )
    words = set(re.findall(r"\w+", text))
    assert {"átutalás", "jóváírása", "összevont", "utánvét", "belüli", "Díj"} <= words
    assert "\xa0" not in text
