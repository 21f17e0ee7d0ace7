"""The corpus of report files: CSV, XLSX and JSON, each with the outcome it must get.

Most cases are the sample report with one thing changed, written as one line of a table;
the rest are files built whole. `where` pins the exact place of a problem for some cases.
"""

# ruff: noqa: E501  (the case tables read best one case a line)

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from talapker.filings.tests.corpus_build import (
    COLUMNS,
    DELETE,
    SAMPLE_CSV,
    TABLES,
    C,
    E,
    Manifest,
    cfb_file,
    changed_json,
    changed_rows,
    changed_workbook,
    claim_size,
    csv_bytes,
    edit_part,
    encrypted_flag,
    entry,
    json_bytes,
    json_number,
    json_report,
    native_sheets,
    patch_cell,
    replaced,
    shared_strings,
    text_sheets,
    without_kyrgyz_letters,
    workbook_bytes,
    write,
    zip_with,
)

# fmt: off
# (name, table, {row index: {column: value}}, expected problem codes or "accept")
CSV_CHANGES: list[tuple[str, str, dict[int, dict[str, str]], Any]] = [
    ("valid_donor_ids_as_filed", C, {0: {"donor_id": "ABC", "donor_name": ""}, 1: {"donor_id": "2150319850012345678"}, 2: {"donor_id": "", "donor_name": "Аты регистрге дал келбейт"}, 4: {"donor_id": "00000000000000"}}, "accept"),
    ("valid_quoted_multiline", C, {0: {"description": 'Салым, "шайлоо фонду"\nэки сап'}}, "accept"),
    ("comma_decimal", C, {0: {"amount": "15000,50"}}, ["amount_comma"]),
    ("thousands_separator", C, {3: {"amount": "1,000,000.00"}}, ["amount_comma"]),
    ("nonexistent_date", C, {1: {"date": "2026-02-30"}}, ["date_not_exists"]),
    ("dotted_date", C, {1: {"date": "03.03.2026"}}, ["date_format"]),
    ("negative_contribution", C, {2: {"amount": "-250000.50"}}, ["amount_negative"]),
    ("zero_amount", E, {3: {"amount": "0.00"}}, ["amount_zero"]),
    ("three_decimals", C, {6: {"amount": "1200.755"}}, ["amount_decimals"]),
    ("exponent_amount", C, {0: {"amount": "1.5e4"}}, ["amount_invalid"]),
    ("amount_too_large", E, {1: {"amount": "1000000000000"}}, ["amount_too_large"]),
    ("duplicate_line", C, {4: {"line": "2"}}, ["line_duplicate"]),
    ("bad_line_numbers", C, {0: {"line": "0"}, 1: {"line": "abc"}, 2: {"line": "-3"}, 3: {"line": "4.0"}}, ["line_invalid"]),
    ("unknown_donor_kind", C, {1: {"donor_kind": "foreign_citizen"}}, ["unknown_donor_kind"]),
    ("unknown_method", C, {1: {"method": "crypto"}}, ["unknown_method"]),
    ("unknown_category", E, {0: {"category": "gifts"}}, ["unknown_category"]),
    ("bank_ref_missing", C, {0: {"bank_ref": ""}, 2: {"bank_ref": "   "}}, ["bank_ref_missing"]),
    ("missing_values", C, {0: {"date": ""}, 1: {"donor_kind": ""}, 2: {"amount": ""}, 3: {"method": ""}}, ["value_missing"]),
    ("nul_character", C, {1: {"donor_name": "Төлөгөнова\x00Айгүл"}}, ["bad_character"]),
    ("text_too_long", C, {0: {"description": "ө" * 2001}}, ["text_too_long"]),
    ("every_row_broken", C, {0: {"amount": "15000,00"}, 1: {"date": "2026-02-29"}, 2: {"donor_kind": "company"}, 3: {"method": "wire"}, 4: {"line": "1"}, 5: {"amount": "-700"}, 6: {"bank_ref": ""}, 7: {"amount": "45000.001"}},
     ["amount_comma", "date_not_exists", "unknown_donor_kind", "unknown_method", "line_duplicate", "amount_negative", "bank_ref_missing", "amount_decimals"]),
]
CSV_EXTRA: dict[str, dict[str, Any]] = {
    "valid_donor_ids_as_filed": {"note": "a missing or malformed donor id, or a name off the register, is not a format error"},
    "comma_decimal": {"where": [{"line": 2, "column": "amount", "code": "amount_comma"}]},
    "nonexistent_date": {"where": [{"line": 3, "column": "date", "code": "date_not_exists"}]},
    "negative_contribution": {"where": [{"line": 4, "column": "amount", "code": "amount_negative"}]},
    "duplicate_line": {"where": [{"line": 6, "column": "line", "code": "line_duplicate"}]},
    "bad_line_numbers": {"problem_count": 4},
    "bank_ref_missing": {"problem_count": 2, "where": [{"line": 2, "column": "bank_ref", "code": "bank_ref_missing"}]},
    "missing_values": {"problem_count": 4},
    "every_row_broken": {"problem_count": 8, "note": "every problem of the file is reported, not only the first"},
}

# (name, table, data row, column, new cell value, expected codes or "accept")
XLSX_CHANGES: list[tuple[str, str, int, str, Any, Any]] = [
    ("float_three_decimals", C, 1, "amount", 1.005, ["amount_decimals"]),
    ("datetime_with_time", C, 2, "date", dt.datetime(2026, 3, 3, 14, 30), ["date_format"]),
    ("text_comma_decimal", C, 1, "amount", "15000,00", ["amount_comma"]),
    ("nonexistent_date_text", C, 2, "date", "2026-02-30", ["date_not_exists"]),
    ("negative_contribution", C, 3, "amount", -250000.5, ["amount_negative"]),
    ("zero_amount", E, 1, "amount", 0, ["amount_zero"]),
    ("duplicate_line", E, 4, "line", 1, ["line_duplicate"]),
    ("unknown_donor_kind", C, 1, "donor_kind", "anonymous", ["unknown_donor_kind"]),
    ("unknown_method", E, 1, "method", "barter", ["unknown_method"]),
    ("unknown_category", E, 1, "category", "souvenirs", ["unknown_category"]),
    ("bank_ref_missing", C, 1, "bank_ref", None, ["bank_ref_missing"]),
    ("line_as_decimal", C, 1, "line", 1.5, ["line_invalid"]),
    ("formula_without_saved_result", C, 1, "amount", "=F3*2", ["formula_without_value"]),
]
XLSX_EXTRA: dict[str, dict[str, Any]] = {
    "text_comma_decimal": {"where": [{"file": "text_comma_decimal.xlsx[contributions]", "line": 2, "column": "amount", "code": "amount_comma"}]},
    "duplicate_line": {"where": [{"file": "duplicate_line.xlsx[expenditures]", "line": 5, "column": "line", "code": "line_duplicate"}]},
    "formula_without_saved_result": {"where": [{"file": "formula_without_saved_result.xlsx[contributions]", "line": 2, "column": "amount", "code": "formula_without_value"}]},
}

# (name, table or None for the envelope, row index, {key: value}, expected codes or "accept")
JSON_CHANGES: list[tuple[str, str | None, int, dict[str, Any], Any]] = [
    ("valid_empty_tables", None, 0, {C: [], E: []}, "accept"),
    ("missing_expenditures", None, 0, {E: DELETE}, ["column_missing"]),
    ("table_not_array", None, 0, {C: {"1": {}}}, ["wrong_type"]),
    ("row_not_object", None, 0, {E: ["1,2026-03-04,print"]}, ["wrong_type"]),
    ("unknown_kind", None, 0, {"kind": "monthly"}, ["unknown_report_kind"]),
    ("kind_and_period_missing", None, 0, {"kind": DELETE, "period_from": DELETE, "period_to": ""}, ["value_missing"]),
    ("period_reversed", None, 0, {"period_from": "2026-04-01"}, ["period_reversed"]),
    ("period_nonexistent_date", None, 0, {"period_to": "2026-04-31"}, ["date_not_exists"]),
    ("line_missing", C, 2, {"line": DELETE}, ["value_missing"]),
    ("line_as_string", C, 2, {"line": "3"}, ["wrong_type"]),
    ("line_as_boolean", E, 0, {"line": True}, ["wrong_type"]),
    ("amount_comma", C, 0, {"amount": "15000,00"}, ["amount_comma"]),
    ("amount_three_decimals_number", C, 1, {"amount": 5000.005}, ["amount_decimals"]),
    ("negative_contribution", C, 3, {"amount": -1000000.0}, ["amount_negative"]),
    ("zero_amount", E, 5, {"amount": "0"}, ["amount_zero"]),
    ("amount_as_boolean", E, 5, {"amount": False}, ["wrong_type"]),
    ("nonexistent_date", C, 4, {"date": "2026-02-30"}, ["date_not_exists"]),
    ("duplicate_line", C, 5, {"line": 1}, ["line_duplicate"]),
    ("unknown_donor_kind", C, 0, {"donor_kind": "foreign_state"}, ["unknown_donor_kind"]),
    ("unknown_method", C, 0, {"method": "crypto"}, ["unknown_method"]),
    ("unknown_category", E, 0, {"category": "gifts"}, ["unknown_category"]),
    ("bank_ref_missing", E, 1, {"bank_ref": None}, ["bank_ref_missing"]),
    ("donor_id_as_number", C, 0, {"donor_id": 21503198500123}, ["wrong_type"]),
    ("text_as_object", E, 2, {"description": {"ky": "жарнама"}}, ["wrong_type"]),
]
JSON_EXTRA: dict[str, dict[str, Any]] = {
    "row_not_object": {"where": [{"line": None, "column": "expenditures[0]", "code": "wrong_type"}]},
    "kind_and_period_missing": {"problem_count": 3},
    "line_as_string": {"where": [{"line": None, "column": "contributions[2].line", "code": "wrong_type"}]},
    "amount_comma": {"where": [{"line": 1, "column": "contributions[0].amount", "code": "amount_comma"}]},
    "negative_contribution": {"where": [{"line": 4, "column": "contributions[3].amount", "code": "amount_negative"}]},
    "duplicate_line": {"where": [{"line": 1, "column": "contributions[5].line", "code": "line_duplicate"}]},
}
# fmt: on


def outcome(codes: Any) -> tuple[str, list[str] | None]:
    return ("accept", None) if codes == "accept" else ("reject", codes)


def csv_corpus() -> Manifest:
    found: Manifest = []

    def add(name: str, table: str, data: bytes, codes: Any, **extra: Any) -> None:
        relative = write(f"csv/{name}.{table}.csv", data)
        found.append(entry("csv", relative, *outcome(codes), table=table, **extra))

    sample = {table: text.encode() for table, text in SAMPLE_CSV.items()}
    add("valid_kyrgyz", C, sample[C], "accept")
    add("valid_kyrgyz", E, sample[E], "accept")
    add("valid_bom_crlf", C, b"\xef\xbb\xbf" + sample[C].replace(b"\n", b"\r\n"), "accept")
    order = [8, 5, 0, 2, 1, 4, 3, 7, 6]
    reordered = csv_bytes(
        [COLUMNS[C][i] for i in order] + ["комментарий", "currency"],
        [[row[i] for i in order] + ["эскертүү", "KGS"] for row in TABLES[C]],
    )
    add("valid_extra_columns_reordered", C, reordered, "accept")
    add("valid_header_only", E, csv_bytes(COLUMNS[E], []), "accept")
    categories = ["print", "tv_radio", "press", "online", "outdoor", "events", "transport"]
    categories += ["premises", "staff", "communications", "bank_fees", "refund", "other"]
    rows = [
        [str(i), "2026-03-11", x, "Алуучу", "", "100", "cash", "", ""]
        for i, x in enumerate(categories, 1)
    ]
    add("valid_all_categories", E, csv_bytes(COLUMNS[E], rows), "accept")
    add("valid_blank_lines", C, sample[C].replace(b"\n2,", b"\n\n\n2,"), "accept")
    for name, table, changes, codes in CSV_CHANGES:
        data = csv_bytes(COLUMNS[table], changed_rows(table, changes))
        add(name, table, data, codes, **CSV_EXTRA.get(name, {}))
    text = SAMPLE_CSV[C]
    add(
        "cp1251",
        C,
        without_kyrgyz_letters(text).encode("cp1251"),
        ["not_utf8"],
        where=[{"line": 2, "column": None, "code": "not_utf8"}],
    )
    add("utf16", C, text.encode("utf-16"), ["not_utf8"])
    no_amount = [column for column in COLUMNS[C] if column != "amount"]
    add(
        "missing_amount_column",
        C,
        csv_bytes(no_amount, [r[:5] + r[6:] for r in TABLES[C]]),
        ["column_missing"],
        where=[{"line": 1, "column": "amount", "code": "column_missing"}],
    )
    add(
        "missing_three_columns",
        E,
        csv_bytes(COLUMNS[E][:6], [r[:6] for r in TABLES[E]]),
        ["column_missing"],
        problem_count=3,
    )
    add(
        "duplicate_column",
        C,
        csv_bytes([*COLUMNS[C], "amount"], [[*r, r[5]] for r in TABLES[C]]),
        ["column_duplicate"],
    )
    add(
        "wrong_field_count",
        C,
        text.replace("\n3,", "\n3,extra,", 1).encode(),
        ["wrong_field_count"],
    )
    add(
        "unclosed_quote", C, text.replace("\n4,", '\n4,"2026-03-06,', 1).encode(), ["csv_malformed"]
    )
    add(
        "semicolon_excel",
        C,
        text.replace(",", ";").encode(),
        ["column_missing"],
        note="Excel's regional CSV, with `;` as separator",
    )
    add("empty", C, b"", ["file_empty"])
    add(
        "wide_header_300",
        C,
        ",".join(COLUMNS[C] + [f"x{i}" for i in range(300)]).encode() + b"\n",
        ["too_many_columns"],
    )
    add("too_many_rows", C, sample[C], ["too_many_rows"], limits={"max_rows": 5})
    add("file_too_large", E, sample[E], ["file_too_large"], limits={"max_csv_bytes": 500})
    bad = [[str(i), "2026-13-01", "x", "", "", "0", "y", "", ""] for i in range(1, 21)]
    add(
        "problem_cap",
        C,
        csv_bytes(COLUMNS[C], bad),
        [
            "date_not_exists",
            "unknown_donor_kind",
            "amount_zero",
            "unknown_method",
            "too_many_problems",
        ],
        limits={"max_problems": 10},
        problem_count=11,
    )
    return found


def xlsx_corpus() -> Manifest:
    found: Manifest = []

    def add(name: str, data: bytes, codes: Any, **extra: Any) -> None:
        found.append(entry("xlsx", write(f"xlsx/{name}.xlsx", data), *outcome(codes), **extra))

    valid = workbook_bytes(native_sheets())
    sheets = native_sheets()
    add(
        "valid_native_types",
        valid,
        "accept",
        note="numbers, dates and text cells, as a filer types them",
    )
    add("valid_text_cells", workbook_bytes(text_sheets()), "accept")
    add(
        "valid_shared_strings",
        shared_strings(valid),
        "accept",
        note="text in sharedStrings.xml, as Excel saves it",
    )
    extra = {
        "Эскертүүлөр": [["Бул барак окулбайт"]],
        E: [[*row, "кошумча"] for row in sheets[E]],
        C: sheets[C],
    }
    add("valid_extra_sheet_and_columns", workbook_bytes(extra), "accept")
    add(
        "valid_sheet_name_case",
        workbook_bytes({"Contributions": sheets[C], "EXPENDITURES": sheets[E]}),
        "accept",
    )
    gaps = native_sheets()
    gaps[C][3:3] = [[None] * 9, [None] * 9]
    add("valid_blank_rows", workbook_bytes(gaps), "accept")
    add(
        "valid_formula_with_saved_result",
        patch_cell(valid, "sheet1", "F2", b'<c r="F2"><f>10000+5000</f><v>15000</v></c>'),
        "accept",
        note="a formula saved with its result is read through its result",
    )
    add(
        "valid_seventeen_digit_float",
        patch_cell(valid, "sheet2", "F7", b'<c r="F7" t="n"><v>150.09999999999999</v></c>'),
        "accept",
        note="150.1 as some writers save it, with 17 digits: the same double, read as 150.1",
    )
    add(
        "float_artifact",
        patch_cell(valid, "sheet2", "F4", b'<c r="F4" t="n"><v>0.30000000000000004</v></c>'),
        ["amount_decimals"],
        note="0.1 + 0.2 saved with all its digits: refused, not rounded",
    )
    for name, table, row, column, value, codes in XLSX_CHANGES:
        add(name, changed_workbook(table, row, column, value), codes, **XLSX_EXTRA.get(name, {}))
    add("missing_sheet_expenditures", workbook_bytes({C: sheets[C]}), ["sheet_missing"])
    add(
        "no_report_sheets",
        workbook_bytes({"Sheet1": [["line"]]}),
        ["sheet_missing"],
        problem_count=2,
    )
    no_method = {C: [row[:6] + row[7:] for row in sheets[C]], E: sheets[E]}
    add("missing_column", workbook_bytes(no_method), ["column_missing"])
    add(
        "zip_bomb_ratio",
        zip_with(valid, [("xl/media/padding.bin", b"\0" * 60_000_000)]),
        ["zip_ratio"],
    )
    big = zip_with(valid, [("xl/media/big.bin", b"\0" * 2_000_000)])
    add(
        "zip_bomb_claimed_size",
        claim_size(big, "xl/media/big.bin", 0xFFFF_FFF0),
        ["zip_too_large", "zip_ratio"],
        note="a part claiming 4 GB unpacked; zipfile never unpacks more than a part claims",
    )
    add("path_traversal", zip_with(valid, [("../../etc/cron.d/evil", b"x")]), ["zip_unsafe_name"])
    add("absolute_path", zip_with(valid, [("/etc/passwd", b"x")]), ["zip_unsafe_name"])
    add("backslash_name", zip_with(valid, [("xl\\..\\..\\evil.bat", b"x")]), ["zip_unsafe_name"])
    add("duplicate_part_name", zip_with(valid, [("xl/workbook.xml", b"<x/>")]), ["zip_unsafe_name"])
    add(
        "too_many_parts",
        zip_with(valid, [(f"xl/media/p{i}.bin", b"") for i in range(500)]),
        ["zip_too_many_entries"],
    )
    add("encrypted_part", encrypted_flag(valid, "xl/styles.xml"), ["zip_encrypted_entry"])
    add("password_protected", cfb_file("EncryptedPackage"), ["xlsx_encrypted"])
    add("old_xls_renamed", cfb_file("Workbook"), ["not_xlsx"])
    add("csv_renamed", SAMPLE_CSV[C].encode(), ["not_xlsx"])
    add("truncated", valid[: len(valid) // 2], ["not_xlsx"])
    add("empty", b"", ["not_xlsx"])
    xxe = b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst '
    add(
        "xxe_shared_strings",
        edit_part(shared_strings(valid), "xl/sharedStrings.xml", b"<sst ", xxe),
        ["xlsx_unreadable"],
    )
    laughs = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook '
    add(
        "billion_laughs_workbook",
        edit_part(valid, "xl/workbook.xml", b"<workbook ", laughs),
        ["xlsx_unreadable"],
    )
    wide = native_sheets()
    wide[C][0] = wide[C][0] + [f"x{i}" for i in range(300)]
    add("wide_header_309", workbook_bytes(wide), ["too_many_columns"])
    add("too_many_rows", valid, ["too_many_rows"], limits={"max_rows": 5})
    far = b'<c r="A9" t="n"><v>8</v></c></row><row r="1048576"><c r="A1048576" t="n"><v>9</v></c>'
    add(
        "far_row_number",
        patch_cell(valid, "sheet1", "A9", far),
        ["too_many_rows"],
        note="a row at the sheet's last row number would make openpyxl yield a million rows",
    )
    return found


def json_corpus() -> Manifest:
    found: Manifest = []

    def add(name: str, data: bytes, codes: Any, **extra: Any) -> None:
        found.append(entry("json", write(f"json/{name}.json", data), *outcome(codes), **extra))

    valid = json_bytes(json_report())
    add("valid_kyrgyz", valid, "accept")
    numbers = json_report()
    for table in TABLES:
        for item in numbers[table]:
            item["amount"] = json_number(str(item["amount"]))
    add("valid_amounts_as_numbers", json_bytes(numbers), "accept")
    extra = json_report()
    extra["party"] = "ata-jurt"
    extra[C][0]["currency"] = "KGS"
    add("valid_extra_keys", json_bytes(extra), "accept")
    add("valid_bom", b"\xef\xbb\xbf" + valid, "accept")
    add("valid_ascii_escapes", json.dumps(json_report(), separators=(",", ":")).encode(), "accept")
    for name, row_table, index, values, codes in JSON_CHANGES:
        add(name, changed_json(row_table, index, **values), codes, **JSON_EXTRA.get(name, {}))
    add("not_json", SAMPLE_CSV[C].encode(), ["json_invalid"])
    add("cp1251", without_kyrgyz_letters(valid.decode()).encode("cp1251"), ["not_utf8"])
    add("top_level_array", json_bytes([json_report()]), ["wrong_type"])
    add("deep_nesting", b"[" * 5_000 + b"]" * 5_000, ["json_too_deep"])
    add(
        "huge_integer",
        replaced(valid, b'"amount": 5000', b'"amount": ' + b"9" * 5000),
        ["json_invalid"],
    )
    add("nan_amount", replaced(valid, b'"amount": 5000', b'"amount": NaN'), ["json_invalid"])
    add(
        "duplicate_keys",
        replaced(valid, b'"kind": "interim"', b'"kind": "interim", "kind": "final"'),
        ["json_duplicate_key"],
    )
    add("truncated", valid[: len(valid) // 2], ["json_invalid"])
    add("too_many_rows", valid, ["too_many_rows"], limits={"max_rows": 5})
    add("file_too_large", valid, ["file_too_large"], limits={"max_json_bytes": 1000})
    return found
