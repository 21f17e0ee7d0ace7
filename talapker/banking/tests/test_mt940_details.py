"""`:86:` details: three dialects, and nothing a reader does not understand is lost."""

from __future__ import annotations

from talapker.banking.statements.mt940_details import Details, join_lines, read_details


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
