"""`:86:` details: three dialects, and nothing a reader does not understand is lost; the
counterparty, purpose and references of the real banks' samples as their guides describe."""

from __future__ import annotations

import re

from talapker.banking.statements.encoding import decode_text
from talapker.banking.statements.mt940_details import Details, join_lines, read_details
from talapker.banking.tests.bank_samples import FOLDER, needs_samples


def test_structured_subfields_give_name_id_account_and_purpose() -> None:
    text = (
        "020?00ЗАЧИСЛЕНИЕ?20Взнос в ?21фонд?30AIYLKG22?311350100098765432?32Айгүл?3810112199000456"
    )
    assert read_details(text) == Details(
        name="Айгүл",
        party_id="10112199000456",
        account="1350100098765432",
        purpose="Взнос в фонд",
    )


def test_an_unknown_structured_subfield_stays_in_the_purpose_as_written() -> None:
    assert read_details("?20Взнос?45X-99").purpose == "Взнос ?45X-99"


def test_the_booking_text_is_the_purpose_only_when_there_is_no_other() -> None:
    assert read_details("805?00КОМИССИЯ?30AIYLKG22").purpose == "КОМИССИЯ"


def test_keywords_give_name_id_account_and_purpose() -> None:
    text = "/NAME/Ногойбаев Марат/PIN/21012198000123/ACC/1240000000000001/PURP/Взнос 5/Р"
    assert read_details(text) == Details(
        name="Ногойбаев Марат",
        party_id="21012198000123",
        account="1240000000000001",
        purpose="Взнос 5/Р",
    )


def test_an_unknown_keyword_ends_its_neighbour_and_stays_in_the_purpose() -> None:
    details = read_details("/NAME/Ногойбаев/ACC/1240000000000001/BIC/AIYLKG22/PURP/Взнос")
    assert details.account == "1240000000000001"
    assert details.purpose == "Взнос /BIC/AIYLKG22"


def test_plain_text_is_kept_whole_and_nothing_is_guessed_from_it() -> None:
    text = "Ногойбаев Марат, ИНН 21012198000123, взнос"
    assert read_details(text) == Details(purpose=text)


def test_a_full_line_continues_without_a_space_and_a_short_one_with_one() -> None:
    full = "x" * 61  # 65 characters with the :86: tag
    assert join_lines([full, "y"], prefix=4) == full + "y"
    assert join_lines(["добровольное", "пожертвование"], prefix=4) == ("добровольное пожертвование")


def test_a_space_at_the_end_of_a_full_line_is_kept() -> None:
    assert join_lines(["x" * 60 + " ", "y"], prefix=4) == "x" * 60 + " y"


def test_keywords_that_open_a_line_join_without_a_space() -> None:
    assert join_lines(["/NAME/Марат", "/PURP/Взнос"], prefix=4) == "/NAME/Марат/PURP/Взнос"


def test_two_details_fields_of_one_line_are_read_as_one() -> None:
    merged = Details(name="A", purpose="first").merged(Details(party_id="1", purpose="second"))
    assert merged == Details(name="A", party_id="1", purpose="first second")


def test_merged_keeps_the_references_of_both_once() -> None:
    merged = Details(references=("E1", "K1")).merged(Details(references=("K1", "M1")))
    assert merged.references == ("E1", "K1", "M1")


# ZKA subfields with SEPA keywords (DK) -------------------------------------------------------


def test_zka_sepa_keywords_give_purpose_references_account_and_name() -> None:
    text = (
        "171?00SEPA-LASTSCHRIFT?109310?20EREF+END2END-1?21MREF+MANDAT 7?22CRED+DE98ZZZ09999999999"
        "?23SVWZ+Rechnung 4711 vom?2401.02.2021?30DEUTDEFF?31DE89370400440532013000?32ACME GMBH"
    )
    assert read_details(text) == Details(
        name="ACME GMBH",
        account="DE89370400440532013000",
        purpose="Rechnung 4711 vom01.02.2021 CRED+DE98ZZZ09999999999",
        references=("END2END-1", "MANDAT 7"),
    )


def test_zka_keywords_after_a_space_in_one_subfield_and_notprovided_is_no_reference() -> None:
    details = read_details("166?00SEPA-GUTSCHRIFT?20EREF+NOTPROVIDED SVWZ+Miete Mai?32A")
    assert details.purpose == "Miete Mai"
    assert details.references == ()


def test_zka_ultimate_parties_stay_in_the_purpose_and_iban_is_the_account_without_31() -> None:
    details = read_details("?20SVWZ+Spende?21ABWA+Verein e.V.?22IBAN+DE02120300000000202051")
    assert details.purpose == "Spende ABWA+Verein e.V."
    assert details.account == "DE02120300000000202051"
    assert details.name == ""


def test_zka_without_svwz_keeps_the_whole_purpose_text_as_now() -> None:
    details = read_details(
        "159?00RETOURE?20EREF+TFNR 1?21MTLG:Konto gesperrt Rueckue?22berweisung?34903"
    )
    assert details.purpose == "EREF+TFNR 1MTLG:Konto gesperrt Rueckueberweisung"
    # A reference runs on across subfields up to SEPA's 35 characters; longer, the bank ran a
    # message on after it, and the reference ends with its own subfield.
    assert details.references == ("TFNR 1",)


def test_zka_subfields_may_be_separated_by_a_greater_than_sign() -> None:
    details = read_details("000>100987654321>20 HUUR>21 KANTOOR>310390123456")
    assert details == Details(account="0390123456", purpose="HUUR KANTOOR")


# SWIFT/SEPA slash codes (Dutch banks) --------------------------------------------------------


def test_swift_codes_give_name_account_purpose_and_references() -> None:
    text = (
        "/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/J. de Vries"
        "/REMI/Factuur 2021/07 betaald/EREF/E2E-99/MARF/MANDATE-1"
    )
    assert read_details(text) == Details(
        name="J. de Vries",
        account="NL44RABO0123456789",
        purpose="Factuur 2021/07 betaald /TRTP/SEPA OVERBOEKING /BIC/RABONL2U",
        references=("E2E-99", "MANDATE-1"),
    )


def test_cntp_gives_account_and_name_and_remi_ustd_the_text() -> None:
    text = "/CNTP/NL57ABNA0876543211/ABNANL2A/B Bert/AMSTERDAM//EREF/NOTPROVIDED//REMI/USTD//a/b/"
    assert read_details(text) == Details(name="B Bert", account="NL57ABNA0876543211", purpose="a/b")


def test_ordering_party_and_beneficiary_names_are_the_counterparty() -> None:
    assert read_details("/ORDP//NAME/Bedrijf B.V./ADDR/Straat 1/REMI/NR.1").name == "Bedrijf B.V."
    assert read_details("/BENM//NAME/Shop BV/REMI/x").name == "Shop BV"


def test_an_ultimate_partys_name_is_not_the_counterparty() -> None:
    details = read_details("/BENM//NAME/Shop BV/ULTD//NAME/Someone Else/REMI/x")
    assert details.name == "Shop BV"
    assert details.purpose == "x /ULTD/ /NAME/Someone Else"


def test_structured_remittance_is_the_purpose_and_a_reference() -> None:
    details = read_details("/NAME/KPN/REMI/STRD/CUR/1234567890123456/")
    assert details.purpose == "1234567890123456"
    assert details.references == ("1234567890123456",)


def test_a_bank_line_before_the_codes_is_kept_in_the_purpose() -> None:
    text = "NL44ABNA0548041814 multi tank card bv /TRTP/Incasso/NAME/MULTI TANK/REMI/Rel 1/2"
    details = read_details(text)
    assert details.name == "MULTI TANK"
    assert details.purpose == "Rel 1/2 NL44ABNA0548041814 multi tank card bv /TRTP/Incasso"


def test_a_code_cut_in_two_by_the_line_end_joins_without_a_space() -> None:
    text = join_lines(
        ["/CNTP/NL21RABO0999999999/RABONL2U/G N.V.///EREF/X//RE", "MI/USTD//Y/"], prefix=4
    )
    assert text.endswith("//REMI/USTD//Y/")
    assert read_details(text).purpose == "Y"


def test_prose_with_names_stays_plain_purpose() -> None:
    text = "GIRO AUS ONLINE-SIC 81379 AUFTRAGGEBER: JOHN DOE EXAMPLESTRASSE 12"
    assert read_details(text) == Details(purpose=text)


# The real banks' samples (read from ../shared/bank-samples, never copied in) -----------------

TAG = re.compile(r":(\d{2}[A-Z]?|NS):")
END = re.compile(r"-\s*$|-}|-XXX|\{")  # a message's end, a bank's trailer, an envelope


def sample_fields(name: str) -> list[str]:
    """The joined text of every `:86:` field of a sample file."""
    text = decode_text(name, (FOLDER / "mt940" / name).read_bytes())
    fields: list[list[str]] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        tag = TAG.match(line)
        if tag:
            current = [line[tag.end() :]] if tag.group(1) == "86" else None
            if current is not None:
                fields.append(current)
        elif current is not None and line.strip() and not END.match(line):
            current.append(line)
    return [join_lines(lines, prefix=len(":86:")) for lines in fields]


def sample_details(name: str, containing: str) -> Details:
    return read_details(next(text for text in sample_fields(name) if containing in text))


@needs_samples
def test_ing_counterparty_from_cntp() -> None:
    details = sample_details("ing_iban_zl.sta", "Schiphol")
    assert (details.name, details.account) == ("B Bert", "NL57ABNA0876543211")
    assert details.purpose.endswith("Schiphol parking")


@needs_samples
def test_rabobank_beneficiary_and_ordering_party() -> None:
    details = sample_details("rabobank_structured_zl.sta", "Nespresso")
    assert details.name == "Nespresso Nederland B.V."
    assert details.purpose.startswith("674725433 1120000153447185 14144467636004962")
    assert details.references == ("02-04-2013 22:56 1120000153447185",)
    assert sample_details("rabobank_structured_zl.sta", "DLN").name == "DLN CONSULTING"


@needs_samples
def test_triodos_cntp_with_a_code_cut_across_lines() -> None:
    details = sample_details("triodos_iban2.sta", "NOTPROVIDED")
    assert (details.name, details.account) == ("G-AAAAA N.V.", "NL21RABO0999999999")
    assert details.purpose.startswith("Factuurnummer 201801-00")
    assert details.references == ()


@needs_samples
def test_van_lanschot_and_knab_sepa_codes() -> None:
    details = sample_details("vanlanschot.sta", "ABDFGEKSLJFN")
    assert details.name == "ABDFGEKSLJFN ASLDJDKE B.V"
    assert details.account == "NL81RABO0444444444"
    assert details.purpose.startswith("201400-001")
    assert details.references == ("333333333",)
    knab = sample_details("knab_php.sta", "ACHMEA")
    assert knab.name == "ACHMEA SCHADEVERZEKERINGEN N.V."
    assert knab.account == "NL83ABNA0437015300"
    assert knab.references == ("5002100023310160",)


@needs_samples
def test_asn_codes_after_its_own_first_line_and_bunq() -> None:
    details = sample_details("asn_php.sta", "MULTI TANK")
    assert (details.name, details.account) == ("MULTI TANK CARD BV", "NL44ABNA0548041814")
    assert details.purpose.startswith("Relatienummer 1755481/Factuurnr.7903792")
    assert "MTC244K" in details.references
    bunq = sample_details("bunq.sta", "Proficiat")
    assert (bunq.name, bunq.account, bunq.purpose) == (
        "SRMF WILLEMS",
        "NL97ABNA0479445079",
        "Proficiat",
    )


@needs_samples
def test_german_zka_with_sepa_keywords() -> None:
    debit = sample_details("deutschebank_zl.sta", "KREF+")
    assert (debit.name, debit.account) == ("PETER TESTER", "DE04400694620000233025")
    assert debit.purpose.startswith("7458.6345.6353 SEPA-DIRECT-DEBIT-DT.-BANK-1")
    assert "43478" in debit.references
    lbbw = sample_details("lbbw.sta", "SVWZ+")
    assert lbbw.name == "NIC RICHTER"
    assert lbbw.purpose == "E-MOBILITY ABRECHNUNGNR. 28 ZU VERTRAG 9433, KUNDENNUMMER 11111"
    card = sample_details("sparkasse_interim.sta", "ABWA+")
    assert (card.name, card.account) == ("ARAL AG", "DE95430800830802029200")
    assert card.purpose.startswith("2019-02-15T20.10")
    assert "ABWA+Aral Tankstelle" in card.purpose


@needs_samples
def test_triodos_zka_with_greater_than_separators() -> None:
    details = sample_details("triodos_jejik.sta", "ALGEMENE")
    assert details.account == "0390123456"
    assert details.purpose == "ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010"


@needs_samples
def test_prose_of_other_banks_gives_no_name() -> None:
    for name in ("postfinance_jejik.sta", "mbank.sta", "abnamro_jejik.sta", "penta.sta"):
        for text in sample_fields(name):
            assert read_details(text) == Details(purpose=text), text
