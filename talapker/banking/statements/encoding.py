"""The text of a statement file whose code page nobody declares (MT940 has no header for it).

A file is UTF-8 when its bytes are valid UTF-8 (a UTF-8 BOM is dropped): ASCII is UTF-8, and
text in a single-byte code page is almost never valid UTF-8 by chance. UTF-16 is refused with
its reason: a statement is never written in it.

Any other file was written in a single-byte code page, and which one is found from the text
itself, by reading it in each one banks use: cp1251 (Windows Cyrillic, CIS banks), cp866 (DOS
Cyrillic), cp852 (DOS Latin-2, e.g. Hungarian banks), cp1250 (Windows Central European) and
latin-1. A statistical guess between them misread a Hungarian cp852 file as DOS Cyrillic
("\\xa0tutal\\xa0s" for "átutalás"), so the choice is made by a rule that can be explained:

- The words judged are the runs of letters and non-ASCII bytes, cut at ASCII spaces, digits
  and punctuation, that contain a non-ASCII byte. Every code page here agrees with ASCII, so
  the words are the same whichever is tried; only their letters differ.
- A word reads plausibly in a code page when, after punctuation and symbols at its edges are
  set aside (№, °, «», €, and the like; never box drawing), it is made of letters only, all of
  one script (Latin or Cyrillic), with a case pattern words have (lower case throughout, or an
  upper-case start with no upper-case letter after a lower-case one unless the rest of the word
  is upper case, as in "ОсОО"), and, from two letters on, not mostly letters that only a
  misreading produces: in Latin, more than three quarters accented letters (cp1251 "ООО" read
  as latin-1 is "ÎÎÎ"; "Łódź" is three quarters), in Cyrillic, more than half letters outside
  the Russian alphabet (cp866 "Бишкек" read as cp1251 is "ЃЁиЄҐЄ"). A word of symbols only (a
  lone "№") reads plausibly in any code page that gives symbols for it.
- The code page in which most words (counted each time they occur; the first `MAX_WORDS`
  different ones) read plausibly is chosen,
  if they clearly outnumber its other words (at least `CLEARLY` times; a code page that leaves
  a byte undefined is no candidate). Where two code pages that give different text read
  equally many words plausibly ("до" in cp1251 is "фю" in cp866), or none reads clearly (KOI8-R
  text, binary data), the file is refused with a line and an example word rather than have
  names stored garbled. Code pages that give the same text (German in cp1250 and latin-1) do
  not compete. A file that is UTF-8 up to a character cut at its end is refused as cut short.

The text's line ends (CRLF, CR or LF) become LF. Control characters are refused (binary data,
or UTF-16 without a BOM), except the transmission framing that banks' software leaves around
each message, which is dropped: a start-of-heading (SOH) before it, an end-of-text (ETX)
after it, and a DOS end-of-file (SUB, 0x1A), at the start or end of a line, of the file, or
between one SWIFT message's `}` or `-` and the next one's `{`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from talapker.core.errors import InputError

CODE_PAGES = ("cp1251", "cp866", "cp852", "cp1250", "latin-1")
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A word with a non-ASCII byte: it starts after no letter or non-ASCII byte, so that the
# search stays linear on long ASCII runs (possessive quantifiers).
WORD = re.compile(rb"(?<![A-Za-z\x80-\xff])[A-Za-z]*+[\x80-\xff][A-Za-z\x80-\xff]*+")
# C0 and C1 control characters except tab and the line ends.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Transmission framing (SOH, ETX, and SUB, the DOS end of file) where it frames a message:
# at the start or end of the file or of a line, after "}" or "-", before "{". Runs are matched
# from their first byte only, so the search stays linear.
FRAMING = re.compile(
    rb"(?<![^\r\n}-])[\x01\x03\x1a]++|(?<![\x01\x03\x1a])[\x01\x03\x1a]++(?![^\r\n{])"
)
# Different words judged (the first found): enough to tell, and a bound on the time taken.
MAX_WORDS = 20_000
# The chosen code page's plausible words must be at least this many times its others.
CLEARLY = 4
# The Russian alphabet; cp1251's other letters (Ѓ Є Ґ Ї Ў Ј Љ ...) are where cp866 text read
# as cp1251 lands, so a word made mostly of them is not read as a word.
BASIC_CYRILLIC = frozenset("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁё")
# Symbols that never open or close a word in text: box drawing, blocks, geometric shapes.
NOT_TEXT_SYMBOLS = range(0x2500, 0x2600)


@dataclass
class _Reading:
    """How one code page reads the file's words."""

    code_page: str
    text: str
    plausible: int = 0
    implausible: int = 0


def decode_text(name: str, data: bytes) -> str:
    """The file's text with LF line ends: UTF-8, or the code page it reads plausibly in."""
    if data.startswith(UTF16_BOMS):
        raise InputError(
            name,
            _(
                "the file is UTF-16 text; a statement is read as UTF-8 or in a single-byte "
                "code page (cp1251, cp866, cp852, cp1250, latin-1)"
            ),
        )
    data = data.removeprefix(UTF8_BOM)
    if b"\x01" in data or b"\x03" in data or b"\x1a" in data:  # rare: skip the regex
        data = FRAMING.sub(b"", data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and _has_non_ascii(data[: err.start]):
            raise InputError(
                name,
                _("the file ends inside a UTF-8 character: it seems cut short"),
                line=_line_of(data, err.start),
            ) from None
        text = _single_byte(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL.search(text)
    if control:
        raise InputError(
            name,
            _(
                "the file contains the control character U+%(codepoint)s; it is not statement "
                "text (binary, or UTF-16?)"
            )
            % {"codepoint": f"{ord(control.group()):04X}"},
            line=text.count("\n", 0, control.start()) + 1,
        )
    return text


def _single_byte(name: str, data: bytes) -> str:
    """The text in the code page whose reading of the file's words is plausible."""
    words: dict[bytes, list[int]] = {}  # word -> [occurrences, offset of the first]
    for match in WORD.finditer(data):
        seen = words.get(match.group())
        if seen is not None:
            seen[0] += 1
        elif len(words) < MAX_WORDS:
            words[match.group()] = [1, match.start()]
    readings = []
    for code_page in CODE_PAGES:
        try:
            reading = _Reading(code_page, data.decode(code_page))
        except UnicodeDecodeError:
            continue  # a byte this code page does not define
        for word, (count, _offset) in words.items():
            if plausible(word.decode(code_page)):
                reading.plausible += count
            else:
                reading.implausible += count
        readings.append(reading)
    best = max(readings, key=lambda reading: reading.plausible)
    if best.plausible == 0 or best.plausible < CLEARLY * best.implausible:
        word, offset = _first_implausible(words, best.code_page)
        raise InputError(
            name,
            _(
                "the file is not text in UTF-8, cp1251 or cp866, nor in cp852, cp1250 or "
                "latin-1: the bytes %(bytes)s on this line read as a word in none of them "
                "(in %(code_page)s, the closest, as '%(word)s'); send the file in UTF-8"
            )
            % {
                "bytes": _hex(word),
                "code_page": best.code_page,
                "word": _shown(word.decode(best.code_page)),
            },
            line=_line_of(data, offset),
        )
    for other in readings:
        if other.plausible == best.plausible and other.text != best.text:
            word, offset = _telling_word(words, best.code_page, other.code_page)
            raise InputError(
                name,
                _(
                    "the file's code page cannot be told: '%(first)s' in %(first_page)s reads "
                    "as '%(second)s' in %(second_page)s, and both are words; send the file "
                    "in UTF-8"
                )
                % {
                    "first": _shown(word.decode(best.code_page)),
                    "first_page": best.code_page,
                    "second": _shown(word.decode(other.code_page)),
                    "second_page": other.code_page,
                },
                line=_line_of(data, offset),
            )
    return best.text


@lru_cache(maxsize=4096)
def plausible(word: str) -> bool:
    """Whether a word (decoded in some code page) reads as a word of text (see the module)."""
    start, end = 0, len(word)
    while start < end and _edge_symbol(word[start]):
        start += 1
    while end > start and _edge_symbol(word[end - 1]):
        end -= 1
    core = word[start:end]
    if not core:
        return True  # symbols only, such as a lone "№"
    scripts = set()
    for char in core:
        if not char.isalpha():
            return False
        scripts.add(unicodedata.name(char, "").split(" ", 1)[0])
    if len(scripts) != 1 or not scripts <= {"LATIN", "CYRILLIC"}:
        return False
    if not _case_pattern(core):
        return False
    if len(core) >= 2 and "LATIN" in scripts:
        accented = sum(1 for char in core if not char.isascii())
        return accented * 4 <= len(core) * 3
    if len(core) >= 2:
        rare = sum(1 for char in core if char not in BASIC_CYRILLIC)
        return rare * 2 <= len(core)
    return True


def _edge_symbol(char: str) -> bool:
    """Punctuation, a symbol or a space that may stand before or after a word."""
    if ord(char) in NOT_TEXT_SYMBOLS:
        return False
    return unicodedata.category(char)[0] in "PSZ"


def _case_pattern(word: str) -> bool:
    """Lower case throughout, or an upper-case start; after a lower-case letter, an
    upper-case one only when the rest of the word is upper case ("ОсОО")."""
    if word[0].islower():
        return not any(char.isupper() for char in word)
    for index in range(1, len(word)):
        if word[index].isupper() and word[index - 1].islower():
            return not any(char.islower() for char in word[index:])
    return True


def _first_implausible(words: dict[bytes, list[int]], code_page: str) -> tuple[bytes, int]:
    """The first word (by place in the file) that the code page does not read plausibly."""
    found = [
        (offset, word)
        for word, (_count, offset) in words.items()
        if not plausible(word.decode(code_page))
    ]
    offset, word = min(found) if found else min((o, w) for w, (_c, o) in words.items())
    return word, offset


def _telling_word(words: dict[bytes, list[int]], first: str, second: str) -> tuple[bytes, int]:
    """The first word that reads plausibly, and differently, in both code pages."""
    both, differ = [], []
    for word, (_count, offset) in words.items():
        one, other = word.decode(first), word.decode(second)
        if one != other:
            differ.append((offset, word))
            if plausible(one) and plausible(other):
                both.append((offset, word))
    offset, word = min(both or differ)
    return word, offset


def _has_non_ascii(data: bytes) -> bool:
    return not data.isascii()


def _line_of(data: bytes, offset: int) -> int:
    """The physical line (CRLF, CR or LF ends) of a byte offset."""
    before = data[:offset].replace(b"\r\n", b"\n")
    return before.count(b"\n") + before.count(b"\r") + 1


def _shown(word: str) -> str:
    """A word for a message: characters that do not print are written as escapes."""
    return "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in word)


def _hex(word: bytes) -> str:
    shown = " ".join(f"{byte:02X}" for byte in word[:12])
    return shown + (" …" if len(word) > 12 else "")
