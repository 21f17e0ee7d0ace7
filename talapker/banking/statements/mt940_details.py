"""The `:86:` information to account owner, as each bank writes it.

Three dialects are recognised from the text itself; every one keeps text it does not
understand, as written, in `purpose`, and nothing is ever guessed from prose:

- **structured**: `NNN?00...?20...` subfields (the German ZKA/DFÜ layout, which several CIS
  banks adopted; a few banks, Triodos among them, write `>` for `?` after the 3-digit code):
  `?20`-`?29` and `?60`-`?63` purpose, `?31` counterparty account, `?32`-`?33` name, `?38` the
  counterparty's PIN or INN; `?00` (booking text) is the purpose only when there is no other;
  `?10`, `?30` (bank code) and `?34` are dropped; any other subfield stays in the purpose as
  written (`?40...`). Subfields are concatenated as they are. SEPA keywords in the purpose
  subfields (the DK's `EREF+`, `KREF+`, `MREF+`, `CRED+`, `DEBT+`, `SVWZ+`, `ABWA+`, `ABWE+`,
  `IBAN+`, `BIC+`, ...) start at a subfield or after a space and run to the next keyword,
  across subfields: the purpose is then the `SVWZ+` text, `EREF+`/`KREF+`/`MREF+` are
  references, `IBAN+` is the account when there is no `?31`, and the others (the ultimate
  parties `ABWA+`/`ABWE+`, creditor and debtor ids) stay in the purpose as written. A
  reference longer than SEPA's 35 characters is cut at the end of its subfield (early SEPA
  exports ran a message on after `EREF+`). Without `SVWZ+` the whole text is the purpose.
- **keyword**: `/CODE/value` pairs, split only on the codes below (values contain `/`). The
  SWIFT/SEPA codes of the Dutch banks' guides (ING, ABN AMRO, Rabobank, Triodos, ASN, Knab,
  bunq): `/NAME/` the counterparty's name, `/IBAN/` its account, `/CNTP/account/BIC/name/
  city/` both (BIC and city dropped), `/ORDP/` and `/BENM/` the ordering party and the
  beneficiary with `//NAME/`, `/ADDR/`, `/ID/` inside (the counterparty), `/REMI/` the purpose
  (`USTD//text/`, or `STRD/CUR/reference/`, whose reference is also a reference), `/EREF/`
  (end-to-end), `/MARF/` (mandate) and `/PREF/` references; and ours: `/NAME/`, `/INN/` or
  `/PIN/` the counterparty's id, `/ACC/` its account, `/PURP/` the purpose (also SEPA's
  purpose code, kept as written after `/REMI/` text). An account or id ends at a `/`; the rest
  stays in the purpose. Other codes (`/TRTP/`, `/BIC/`, `/CSID/`, `/ISDT/`, `/RTRN/`,
  `/ACCW/`, the ultimate parties `/ULTD/`, `/ULTC/`, `/ULTB/` with their `//NAME/`, ...) and
  text before the first code stay in the purpose as written.
- **plain**: anything else; the whole text is the purpose.

`NOTPROVIDED` and `NONREF` are no references. A field runs over up to six physical lines of
65 characters. A line that is full (65 characters, counting the `:86:` tag) was cut by the
width and continues without a space; a shorter line ended at a word, so a space joins it to
the next. Structured subfields, and keywords that open a line or that the line end cut in
two, join without a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_WIDTH = 65
STRUCTURED = re.compile(r"\d{3}[?>]\d{2}|\?\d{2}")
PURPOSE_CODES = {f"{n}" for n in range(20, 30)} | {"60", "61", "62", "63"}
DROPPED_CODES = {"00", "10", "30", "34"}
# SEPA keywords in the ZKA purpose subfields (DK, "SEPA-Verwendungszweck").
SEPA_KEYWORD = re.compile(
    r"(?:^|(?<=\x00)|(?<=\s))(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|BREF"
    r"|RREF)\+"
)
SEPA_REFERENCES = ("EREF", "KREF", "MREF")
SUBFIELD_BREAK = "\x00"  # marks where a subfield ended, inside the purpose subfields' text
SEPA_REFERENCE_LENGTH = 35
# The codes of the keyword dialect: SWIFT/SEPA (Dutch banks' guides) and ours.
CODES = (
    "NAME", "IBAN", "ACC", "INN", "PIN", "CNTP", "ORDP", "BENM", "ADDR", "ID", "REMI", "PURP",
    "EREF", "MARF", "PREF", "TRTP", "BIC", "CSID", "ISDT", "RTRN", "ACCW", "ULTD", "ULTC",
    "ULTB", "BUSP",
)  # fmt: skip
KEYWORD = re.compile("/({})/".format("|".join(CODES)))
OUR_KEYWORD = re.compile(r"/(NAME|INN|PIN|ACC|PURP)/")
PARTIES = {"ORDP", "BENM"}  # the counterparty, as ordering party or beneficiary
ULTIMATE = {"ULTD", "ULTC", "ULTB"}  # someone else on whose behalf it was paid
PARTY_PARTS = {"NAME", "ADDR", "ID"}
IDENTIFIERS = {"IBAN", "ACC", "INN", "PIN"}
REFERENCE_CODES = {"EREF", "MARF", "PREF"}
NO_REFERENCES = {"", "NOTPROVIDED", "NONREF"}
ISSUER_TYPES = {"CUR", "ISO"}


@dataclass(frozen=True)
class Details:
    name: str = ""
    party_id: str = ""
    account: str = ""
    purpose: str = ""
    references: tuple[str, ...] = ()

    def merged(self, other: Details) -> Details:
        """Two `:86:` fields of one statement line read as one."""
        return Details(
            self.name or other.name,
            self.party_id or other.party_id,
            self.account or other.account,
            " ".join(text for text in (self.purpose, other.purpose) if text),
            tuple(dict.fromkeys(self.references + other.references)),
        )


def dialect(text: str) -> str:
    if STRUCTURED.match(text):
        return "structured"
    if text.startswith("/") and KEYWORD.match(text):
        return "keyword"
    if text.startswith("/") and OUR_KEYWORD.search(text):
        return "keyword"
    # A bank's own first line before SWIFT codes (ASN: "NL44ABNA0548041814 name" and then
    # /TRTP/.../NAME/.../REMI/...): a code after a space, and at least two different codes.
    found = {match.group(1) for match in KEYWORD.finditer(text)}
    if len(found) >= 2 and re.search(r"\s/({})/".format("|".join(CODES)), text):
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
            or (kind == "keyword" and (KEYWORD.match(line) is not None or _cut_code(text, line)))
            or line.startswith(" ")
            or text.endswith(" ")
        )
        text += ("" if continues else " ") + line
        previous_length = len(line)
    return text.strip()


def _cut_code(text: str, line: str) -> bool:
    """Whether the line end cut a keyword in two (Triodos: `...//RE` + `MI/USTD//...`)."""
    head = text[-6:]
    return any(
        match.start() < len(head) < match.end() for match in KEYWORD.finditer(head + line[:6])
    )


def read_details(text: str) -> Details:
    """Counterparty, purpose and references from one `:86:` text, by its dialect."""
    kind = dialect(text)
    if kind == "structured":
        return _structured(text)
    if kind == "keyword":
        return _keyword(text)
    return Details(purpose=text)


def _structured(text: str) -> Details:
    start = STRUCTURED.match(text)
    assert start is not None
    separator = start.group()[-3]
    parts = re.split(
        re.escape(separator) + r"(\d{2})", text[start.start() + len(start.group()) - 3 :]
    )
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
            kept.append(f"{separator}{code}{value}")
    sepa = _sepa(SUBFIELD_BREAK.join(purpose))
    text_purpose = sepa.purpose or booking_text
    return Details(
        name="".join(name).strip(),
        party_id=party_id,
        account=account or sepa.account,
        purpose=" ".join(part for part in (text_purpose, *kept) if part),
        references=sepa.references,
    )


def _sepa(text: str) -> Details:
    """The SEPA keywords in the purpose subfields (their ends marked by SUBFIELD_BREAK)."""
    whole = text.replace(SUBFIELD_BREAK, "").strip()
    parts = SEPA_KEYWORD.split(text)
    if len(parts) == 1:
        return Details(purpose=whole)
    kept = [parts[0].replace(SUBFIELD_BREAK, "").strip()]
    references: list[str] = []
    account = svwz = ""
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        written = value.replace(SUBFIELD_BREAK, "").strip()
        if key in SEPA_REFERENCES:
            if len(written) > SEPA_REFERENCE_LENGTH:
                written = value.split(SUBFIELD_BREAK, 1)[0].strip()
            if written.upper() not in NO_REFERENCES:
                references.append(written)
        elif key == "SVWZ":
            svwz = (svwz + " " + written).strip()
        elif key == "IBAN" and not account:
            account = written
        else:
            kept.append(f"{key}+{written}")
    return Details(
        account=account,
        # Without SVWZ+ the whole text is the purpose, keywords and all, as written.
        purpose=" ".join(part for part in (svwz, *kept) if part) if svwz else whole,
        references=tuple(dict.fromkeys(references)),
    )


def _keyword(text: str) -> Details:
    parts = KEYWORD.split(text)
    kept = [parts[0].strip()] if parts[0].strip() else []
    found: dict[str, str] = {}
    references: list[str] = []
    remittance = purpose_code = ""
    context = ""  # the party whose NAME/ADDR/ID follow: ORDP, BENM, ULTD, ...
    for code, raw in zip(parts[1::2], parts[2::2], strict=True):
        value = raw.strip()
        if code in PARTY_PARTS and context in ULTIMATE:
            kept.append(f"/{code}/{value}")
            continue
        if code not in PARTY_PARTS:
            context = code if code in PARTIES | ULTIMATE and not value.strip("/") else ""
        if code in IDENTIFIERS:
            identifier, slash, rest = value.partition("/")
            if slash and rest.strip("/"):
                kept.append("/" + rest)
            key = {"PIN": "INN", "IBAN": "ACC"}.get(code, code)
            found.setdefault(key, identifier.strip())
        elif code == "NAME":
            found.setdefault("NAME", value.rstrip("/").strip())
        elif code == "CNTP":
            account, _bic, name, *_place = [*value.split("/"), "", "", ""][:4]
            if account.strip():
                found.setdefault("ACC", account.strip())
            if name.strip():
                found.setdefault("NAME", name.strip())
        elif code in PARTIES and not value.strip("/"):
            continue  # its NAME, ADDR and ID follow
        elif code == "REMI":
            text_part, reference = _remittance(value)
            remittance = (remittance + " " + text_part).strip()
            if reference:
                references.append(reference)
        elif code == "PURP":
            purpose_code = (purpose_code + " " + value).strip()
        elif code in REFERENCE_CODES:
            reference = value.strip("/").strip()
            if reference.upper() not in NO_REFERENCES:
                references.append(reference)
        elif code in ULTIMATE and not value.strip("/"):
            kept.append(f"/{code}/")
        else:
            kept.append(f"/{code}/{value}".rstrip())
    if remittance and purpose_code:
        kept.insert(0, f"/PURP/{purpose_code}")
    purpose = remittance or purpose_code
    return Details(
        name=found.get("NAME", ""),
        party_id=found.get("INN", ""),
        account=found.get("ACC", ""),
        purpose=" ".join(part for part in (purpose, *kept) if part),
        references=tuple(dict.fromkeys(references)),
    )


def _remittance(value: str) -> tuple[str, str]:
    """The text of `/REMI/`: unstructured `USTD//text/`, or structured `STRD/CUR/ref/`
    (the reference is then both the text and a reference), or the value as written."""
    if value.startswith("USTD/"):
        return value.removeprefix("USTD/").strip("/").strip(), ""
    if value.startswith("STRD/"):
        parts = [part for part in value.removeprefix("STRD/").split("/") if part.strip()]
        while len(parts) > 1 and parts[0].strip() in ISSUER_TYPES:
            parts.pop(0)
        reference = "/".join(parts).strip()
        return reference, reference
    return value.rstrip("/").strip(), ""
