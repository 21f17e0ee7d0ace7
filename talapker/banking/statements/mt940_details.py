"""The `:86:` information to account owner, as each bank writes it.

Three dialects are recognised from the text itself; every one keeps text it does not
understand, whole, in `purpose`:

- **structured**: `NNN?00...?20...` subfields (the ZKA layout several CIS banks adopted):
  `?20`-`?29` and `?60`-`?63` purpose, `?31` counterparty account, `?32`-`?33` name, `?38`
  the counterparty's PIN or INN; `?00` (booking text) is the purpose only when there is no
  other; `?10`, `?30` (bank code) and `?34` are dropped; any other subfield stays in the
  purpose as written (`?40...`). Subfields are concatenated as they are.
- **keyword**: `/NAME/.../INN/.../ACC/.../PURP/...` (also `/PIN/`); text under any other
  keyword (`/BIC/...`) or before the first keyword stays in the purpose.
- **plain**: anything else; the whole text is the purpose and nothing is guessed from it.

A field runs over up to six physical lines of 65 characters. A line that is full (65
characters, counting the `:86:` tag) was cut by the width and continues without a space;
a shorter line ended at a word, so a space joins it to the next. Structured subfields and
keywords that open a line join without a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_WIDTH = 65
STRUCTURED = re.compile(r"(?:\d{3})?\?\d{2}")
SUBFIELD = re.compile(r"\?(\d{2})")
KEYWORDS = ("NAME", "INN", "PIN", "ACC", "PURP")
KEYWORD = re.compile(r"/(NAME|INN|PIN|ACC|PURP)/")
ANY_KEYWORD = re.compile(r"/[A-Z]{2,8}/")
PURPOSE_CODES = {f"{n}" for n in range(20, 30)} | {"60", "61", "62", "63"}
DROPPED_CODES = {"00", "10", "30", "34"}


@dataclass(frozen=True)
class Details:
    name: str = ""
    party_id: str = ""
    account: str = ""
    purpose: str = ""

    def merged(self, other: Details) -> Details:
        """Two `:86:` fields of one statement line read as one."""
        return Details(
            self.name or other.name,
            self.party_id or other.party_id,
            self.account or other.account,
            " ".join(text for text in (self.purpose, other.purpose) if text),
        )


def dialect(text: str) -> str:
    if STRUCTURED.match(text):
        return "structured"
    if text.startswith("/") and KEYWORD.search(text):
        return "keyword"
    return "plain"


def join_lines(lines: list[str], *, prefix: int) -> str:
    """The field's text from its physical lines (the first without its `prefix`-long tag)."""
    first, rest = lines[0], lines[1:]
    kind = dialect(first)
    text = first
    previous_length = prefix + len(first)
    for line in rest:
        continues = (
            kind == "structured"
            or previous_length >= LINE_WIDTH  # cut by the width, not at a word
            or (kind == "keyword" and KEYWORD.match(line) is not None)
            or line.startswith(" ")
            or text.endswith(" ")
        )
        text += ("" if continues else " ") + line
        previous_length = len(line)
    return text.strip()


def read_details(text: str) -> Details:
    """Counterparty and purpose from one `:86:` text, by its dialect."""
    kind = dialect(text)
    if kind == "structured":
        return _structured(text)
    if kind == "keyword":
        return _keyword(text)
    return Details(purpose=text)


def _structured(text: str) -> Details:
    parts = SUBFIELD.split(text[text.index("?") :])
    fields: list[tuple[str, str]] = list(zip(parts[1::2], parts[2::2], strict=True))
    purpose, name, kept = [], [], []
    party_id = account = booking_text = ""
    for code, value in fields:
        if code in PURPOSE_CODES:
            purpose.append(value)
        elif code in ("32", "33"):
            name.append(value)
        elif code == "31":
            account = value.strip()
        elif code == "38":
            party_id = value.strip()
        elif code == "00":
            booking_text = value.strip()
        elif code not in DROPPED_CODES:
            kept.append(f"?{code}{value}")
    text_purpose = "".join(purpose).strip() or booking_text
    return Details(
        name="".join(name).strip(),
        party_id=party_id,
        account=account,
        purpose=" ".join(part for part in (text_purpose, *kept) if part),
    )


def _keyword(text: str) -> Details:
    parts = KEYWORD.split(text)
    kept = [parts[0].strip()] if parts[0].strip() else []
    values: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        if key != "PURP":
            # A keyword this reader does not know ends the value and is kept as written.
            unknown = ANY_KEYWORD.search(value)
            if unknown:
                kept.append(value[unknown.start() :].strip())
                value = value[: unknown.start()]
        key = "INN" if key == "PIN" else key
        values[key] = (values[key] + " " + value.strip()).strip() if key in values else value
    purpose = values.get("PURP", "").strip()
    return Details(
        name=values.get("NAME", "").strip(),
        party_id=values.get("INN", "").strip(),
        account=values.get("ACC", "").strip(),
        purpose=" ".join(part for part in (purpose, *kept) if part),
    )
