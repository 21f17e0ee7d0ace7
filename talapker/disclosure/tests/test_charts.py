"""The charts of the finance pages: well-formed SVG a screen reader can name, the right state
of a sum against its cap, the same figures in the table as in the drawing, a few kilobytes
whatever the number of transactions, and every word and number in the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from django.template.loader import render_to_string
from django.utils import translation

from talapker.core.money import money_text
from talapker.disclosure.charts import MAX_POINTS, Chart, bars, compact, cumulative, gauge

SVG = "{http://www.w3.org/2000/svg}"
CAMPAIGN_START = dt.date(2026, 9, 1)
ELECTION_DAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def parsed(chart: Chart) -> Element:
    return fromstring(str(chart.svg))


def texts(chart: Chart) -> list[str]:
    """What the drawing writes, element by element."""
    return ["".join(node.itertext()) for node in parsed(chart).iter(f"{SVG}text")]


def cells(chart: Chart) -> list[list[str]]:
    return [[cell.text for cell in row] for row in chart.table.rows]


def spending() -> list[tuple[str, Decimal]]:
    return [
        ("Printing", Decimal("1200000.00")),
        ("Television and radio", Decimal("350000.50")),
        ("Transport", Decimal("0.00")),
    ]


EVERY_CHART: dict[str, Callable[[], Chart]] = {
    "gauge near": lambda: gauge(Decimal("850000"), Decimal("1000000"), label="Raised"),
    "gauge over": lambda: gauge(Decimal("1200000"), Decimal("1000000"), label="Spent"),
    "timeline": lambda: cumulative(
        {CAMPAIGN_START: Decimal("5000"), dt.date(2026, 9, 20): Decimal("250000")},
        [(dt.date(2026, 9, 10), Decimal("1000"))],
        start=CAMPAIGN_START,
        end=ELECTION_DAY,
    ),
    "bars": lambda: bars(spending(), caption="Spending by category"),
    "empty timeline": lambda: cumulative([], []),
    "empty bars": lambda: bars([], caption="Spending by category"),
}


# -- what every chart is ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EVERY_CHART)
def test_every_chart_is_an_image_named_and_described_for_screen_readers(name: str) -> None:
    chart = EVERY_CHART[name]()
    svg = parsed(chart)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("width") == "100%"  # scales to the column: no fixed pixel width
    assert svg.get("height") is None
    assert re.fullmatch(r"0 0 360 \d+(\.\d)?", svg.get("viewBox", ""))
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert svg.get("aria-labelledby") == title.get("id") == f"{chart.key}-title"
    assert svg.get("aria-describedby") == desc.get("id") == f"{chart.key}-desc"
    assert title.text == chart.caption
    assert desc.text == chart.summary


@pytest.mark.parametrize("name", EVERY_CHART)
def test_no_chart_styles_itself_inline_or_runs_a_script(name: str) -> None:
    """The page's CSP forbids inline styles and scripts: colours come from site.css."""
    markup = str(EVERY_CHART[name]().svg)
    assert "style" not in markup
    assert "<script" not in markup
    assert not re.search(r"\son\w+=", markup)


def test_charts_that_differ_have_different_ids_and_the_same_chart_the_same_ids() -> None:
    raised = gauge(Decimal("850000"), Decimal("1000000"), label="Raised")
    assert raised.key == gauge(Decimal("850000"), Decimal("1000000"), label="Raised").key
    assert raised.key != gauge(Decimal("850000"), Decimal("1000000"), label="Spent").key
    named = gauge(Decimal(1), Decimal(2), label="Raised", key="raised-gauge")
    assert parsed(named).get("aria-labelledby") == "raised-gauge-title"


# -- a sum against its cap -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "state", "share"),
    [
        ("799.90", "ok", "79.9%"),  # 79.99 % is not yet near, and does not read as 80 %
        ("800.00", "near", "80.0%"),
        ("1000.00", "near", "100.0%"),  # at the cap is not over it
        ("1000.10", "over", "100.01%"),  # over it reads over 100 %, not "100.0%"
    ],
)
def test_a_gauge_turns_near_at_80_percent_of_the_cap_and_over_past_it(
    value: str, state: str, share: str
) -> None:
    chart = gauge(Decimal(value), Decimal("1000.00"), label="Raised")
    assert chart.state == state
    assert f"chart__svg--{state}" in (parsed(chart).get("class") or "")
    assert ["Share of the cap", share] in cells(chart)
    assert share in texts(chart)


@pytest.mark.parametrize(
    ("value", "words", "icon"),
    [
        ("500", "Within the limit", "chart__tick"),
        ("900", "Near the limit", "chart__icon"),
        ("1500", "Over the limit", "chart__icon"),
    ],
)
def test_a_gauge_writes_its_state_and_marks_it_with_a_shape_not_a_colour_only(
    value: str, words: str, icon: str
) -> None:
    chart = gauge(Decimal(value), Decimal("1000"), label="Spent")
    assert words in texts(chart)
    assert words in chart.summary
    assert [cell.text for cell in chart.table.rows[-1]] == ["State", words]
    shapes = {node.tag for node in parsed(chart).iter() if node.get("class") == icon}
    assert shapes == ({f"{SVG}circle"} if words == "Over the limit" else {f"{SVG}path"})


def test_the_part_of_a_sum_over_its_cap_is_hatched_and_stated() -> None:
    chart = gauge(Decimal("1500"), Decimal("1000"), label="Spent")
    excess = [n for n in parsed(chart).iter(f"{SVG}rect") if n.get("class") == "chart__excess"]
    assert len(excess) == 1
    assert excess[0].get("fill") == f"url(#{chart.key}-hatch)"
    assert excess[0].get("x") == "240"  # the cap at 1000 of 1500 across 360
    assert excess[0].get("width") == "120"
    assert ["Over the cap, som", money_text(Decimal("500"))] in cells(chart)
    within = gauge(Decimal("900"), Decimal("1000"), label="Spent")
    assert not [n for n in parsed(within).iter() if n.get("class") == "chart__excess"]


def test_a_zero_cap_or_a_zero_sum_divides_nothing_by_zero() -> None:
    nothing = gauge(Decimal(0), Decimal(0), label="Raised")
    assert nothing.state == "ok"
    assert ["Share of the cap", "—"] in cells(nothing)
    anything = gauge(Decimal("0.01"), Decimal(0), label="Raised")
    assert anything.state == "over"  # a cap of zero allows nothing
    assert "Over the limit" in texts(anything)
    none_yet = gauge(Decimal(0), Decimal("1000"), label="Raised")
    assert none_yet.state == "ok"
    assert ["Share of the cap", "0.0%"] in cells(none_yet)
    assert not [n for n in parsed(none_yet).iter() if n.get("class") == "chart__fill"]


def test_a_gauges_table_gives_the_exact_sums() -> None:
    chart = gauge(Decimal("850000.55"), Decimal("1000000"), label="Raised")
    assert [cell.text for cell in chart.table.header] == ["Indicator", "Value"]
    assert cells(chart) == [
        ["Raised, som", "850,000.55"],
        ["Cap, som", "1,000,000.00"],
        ["Share of the cap", "85.0%"],
        ["State", "Near the limit"],
    ]
    assert chart.summary == (
        "Raised: 850,000.55 som, 85.0% of the cap of 1,000,000.00 som. Near the limit."
    )


# -- money in and out over the campaign ------------------------------------------------------


def test_the_timeline_gives_totals_to_date_per_day_that_saw_money_move() -> None:
    chart = cumulative(
        [
            (dt.date(2026, 9, 3), Decimal("100.00")),
            (dt.date(2026, 9, 3), Decimal("50.50")),  # one day's amounts add up
            (dt.date(2026, 9, 7), Decimal("1000.00")),
        ],
        {dt.date(2026, 9, 5): Decimal("70.00")},
        start=CAMPAIGN_START,
        end=ELECTION_DAY,
    )
    assert [cell.text for cell in chart.table.header] == [
        "Date",
        "Money in to date, som",
        "Money out to date, som",
    ]
    assert cells(chart) == [
        ["3 September", "150.50", "0.00"],
        ["5 September", "150.50", "70.00"],
        ["7 September", "1,150.50", "70.00"],
    ]
    assert chart.summary == (
        "From 1 September 2026 to 7 September 2026: Money in, 1,150.50 som; Money out, 70.00 som."
    )
    lines = {n.get("class"): n.get("d") for n in parsed(chart).iter(f"{SVG}path")}
    # money in rises twice and money out once, each line a step where it moves
    assert len(re.findall("V", lines["chart__line chart__line--in"] or "")) == 2
    assert len(re.findall("V", lines["chart__line chart__line--out"] or "")) == 1


def test_the_timeline_table_gives_the_year_only_when_it_spans_two() -> None:
    chart = cumulative({dt.date(2026, 12, 30): Decimal(1), dt.date(2027, 1, 2): Decimal(2)}, [])
    assert [row[0] for row in cells(chart)] == ["30 December 2026", "2 January 2027"]
    with translation.override("ru"):
        chart = cumulative({dt.date(2026, 9, 5): Decimal(1)}, [])
        assert cells(chart)[0][0] == "5 сентября"
    with translation.override("ky"):
        chart = cumulative({dt.date(2026, 9, 5): Decimal(1)}, [])
        assert cells(chart)[0][0] == "5-сентябрь"


def test_the_timeline_axis_spans_the_campaign_with_a_few_dates_and_round_amounts() -> None:
    chart = cumulative(
        {dt.date(2026, 9, 10): Decimal("370000")}, {}, start=CAMPAIGN_START, end=ELECTION_DAY
    )
    written = texts(chart)
    assert written[-2:] == ["Money in", "Money out"]  # the legend
    assert [t for t in written if t[0].isdigit()][:4] == ["100k", "200k", "300k", "400k som"]
    dates = [t for t in written if re.fullmatch(r"\d+ [A-Z][a-z]{2}", t)]
    assert dates[0] == "1 Sep" and dates[-1] == "29 Nov" and 3 <= len(dates) <= 4


def test_a_million_transactions_make_a_chart_of_a_few_kilobytes() -> None:
    """A year of gifts, thousands a day: days are merged into periods, at most MAX_POINTS."""
    first = dt.date(2026, 1, 1)
    gifts = [(first + dt.timedelta(days=i % 365), Decimal("10.00")) for i in range(200_000)]
    payments = [(first + dt.timedelta(days=i % 365), Decimal("3.00")) for i in range(200_000)]
    chart = cumulative(gifts, payments)
    assert len(chart.table.rows) <= MAX_POINTS
    assert cells(chart)[-1] == ["31 December", "2,000,000.00", "600,000.00"]
    for path in parsed(chart).iter(f"{SVG}path"):
        assert len(re.findall("V", path.get("d") or "")) <= MAX_POINTS
    assert len(str(chart.svg)) < 8_000
    coordinates = " ".join(v for node in parsed(chart).iter() for v in node.attrib.values())
    assert not re.search(r"\d\.\d\d", coordinates)  # to a tenth


def test_the_timeline_of_nothing_says_there_is_no_data_yet() -> None:
    chart = cumulative([], {})
    assert chart.empty
    assert texts(chart) == ["No data yet"]
    assert chart.summary == "No data yet"
    assert chart.table.rows == ()
    assert len(chart.table.header) == 3


def test_a_timeline_of_zero_amounts_divides_nothing_by_zero() -> None:
    chart = cumulative({CAMPAIGN_START: Decimal(0)}, {CAMPAIGN_START: Decimal(0)})
    assert cells(chart) == [["1 September", "0.00", "0.00"]]
    parsed(chart)


# -- bars ------------------------------------------------------------------------------------


def test_bars_give_each_item_its_value_and_share_in_the_table() -> None:
    chart = bars(spending(), caption="Spending by category", name_header="Category")
    assert [cell.text for cell in chart.table.header] == [
        "Category",
        "Amount, som",
        "Share of the total",
    ]
    assert cells(chart) == [
        ["Printing", "1,200,000.00", "77.4%"],
        ["Television and radio", "350,000.50", "22.5%"],
        ["Transport", "0.00", "0.0%"],
    ]
    assert [cell.numeric for cell in chart.table.rows[0]] == [False, True, True]
    assert chart.summary == (
        "The largest: Printing, 1,200,000.00 som (77.4% of 1,550,000.50 som in all)."
    )


def test_each_bar_is_as_long_as_its_value_with_its_name_above_it() -> None:
    chart = bars(spending(), caption="Spending by category")
    widths = [
        Decimal(n.get("width") or 0)
        for n in parsed(chart).iter(f"{SVG}rect")
        if n.get("class") == "chart__bar"
    ]
    assert widths[0] > widths[1] > widths[2] == 0
    assert abs(widths[1] / widths[0] - Decimal("0.2917")) < Decimal("0.001")
    written = texts(chart)
    assert written.index("Printing") < written.index("1.2M · 77.4%")
    assert written.index("1.2M · 77.4%") < written.index("Television and radio")


def test_a_long_name_wraps_over_two_lines_and_the_table_keeps_it_whole() -> None:
    name = (
        "Кыргызстандын социал-демократиялык партиясынын шайлоо фонду жана анын "
        "аймактык бөлүмдөрүнүн бириккен каражаттары"
    )
    chart = bars([(name, Decimal(5))], caption="Funds")
    labels = [t for t in texts(chart) if not t[0].isdigit()]
    assert len(labels) == 2
    assert labels[1].endswith("…")
    assert all(len(label) <= 40 for label in labels)  # 360 units of 13-unit text
    assert cells(chart)[0][0] == name


def test_counts_are_whole_numbers_without_som() -> None:
    chart = bars(
        [("up to 10,000 som", Decimal(1520)), ("over 100,000 som", Decimal(3))],
        caption="Donors by size of gift",
        kind="count",
    )
    assert chart.table.header[1].text == "Number"
    assert cells(chart)[0][:2] == ["up to 10,000 som", "1,520"]
    assert chart.summary == "The largest: up to 10,000 som, 1,520 (99.8% of 1,523 in all)."


def test_bars_of_nothing_say_there_is_no_data_yet_and_zeros_divide_nothing() -> None:
    assert bars([], caption="Spending").empty
    assert texts(bars([], caption="Spending")) == ["No data yet"]
    zeros = bars([("Printing", Decimal(0)), ("Transport", Decimal(0))], caption="Spending")
    assert cells(zeros) == [["Printing", "0.00", "—"], ["Transport", "0.00", "—"]]
    parsed(zeros)


def test_names_stay_text_whatever_they_hold() -> None:
    name = '<script>alert("x")</script> & Sons\x07'
    chart = bars([(name, Decimal(10))], caption="A & B <b>")
    markup = str(chart.svg)
    assert "<script" not in markup and "<b>" not in markup
    assert '<script>alert("x")</script> & Sons' in texts(chart)
    assert parsed(chart).findtext(f"{SVG}title") == "A & B <b>"
    raised = gauge(Decimal(1), Decimal(2), label="Raised & <i>spent</i>")
    assert parsed(raised).findtext(f"{SVG}title") == "Raised & <i>spent</i>"


# -- in the reader's language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "million", "thousands", "share", "day", "total"),
    [
        ("ky", "1.25 млн", "850 миң", "85.0\u00a0%", "03.09", "850\u00a0000.00 сом"),
        ("ru", "1,25 млн", "850 тыс.", "85,0\u00a0%", "03.09", "850\u00a0000,00 сом"),
        ("en", "1.25M", "850k", "85.0%", "3 Sep", "850,000.00 som"),
    ],
)
def test_numbers_dates_and_words_read_in_the_active_language(
    language: str, million: str, thousands: str, share: str, day: str, total: str
) -> None:
    with translation.override(language):
        assert compact(Decimal("1250000")) == million
        assert compact(Decimal("849999.99")) == thousands
        assert compact(Decimal("999999")) == million.replace("1.25", "1").replace("1,25", "1")
        raised = gauge(Decimal("850000"), Decimal("1000000"), label="X")
        assert cells(raised)[2][1] == share
        assert total in raised.summary
        timeline = cumulative({dt.date(2026, 9, 3): Decimal(1)}, {}, start=dt.date(2026, 9, 3))
        assert day in texts(timeline)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_word_of_a_chart_is_in_kyrgyz_or_russian(language: str) -> None:
    with translation.override(language):
        charts = [
            gauge(Decimal("1200000"), Decimal("1000000"), label="Ж"),
            gauge(Decimal("900000"), Decimal("1000000"), label="Ж"),
            gauge(Decimal("100000"), Decimal("1000000"), label="Ж"),
            cumulative(
                {CAMPAIGN_START: Decimal("5000000")}, {ELECTION_DAY: Decimal(1)}, end=ELECTION_DAY
            ),
            bars([("Ж", Decimal(5))], caption="Ж"),
            bars([("Ж", Decimal(5))], caption="Ж", kind="count"),
            cumulative([], []),
        ]
        for chart in charts:
            words = [*texts(chart), chart.caption, chart.summary]
            words += [cell.text for row in (chart.table.header, *chart.table.rows) for cell in row]
            assert not [w for w in words if re.search("[A-Za-z]", w)], chart.kind


# -- the partial -----------------------------------------------------------------------------


def test_the_partial_shows_the_chart_its_caption_and_its_table_folded_away() -> None:
    with translation.override("ru"):
        chart = bars(spending(), caption="Расходы по категориям", name_header="Категория")
        html = render_to_string("disclosure/_chart.html", {"chart": chart})
    assert html.count("<figure") == 1
    assert '<figcaption class="chart__caption">Расходы по категориям</figcaption>' in html
    assert str(chart.svg) in html  # the markup as it is, not escaped once more
    assert "<summary>Показать данные таблицей</summary>" in html
    assert f'<caption id="{chart.key}-caption">Расходы по категориям</caption>' in html
    assert f'aria-labelledby="{chart.key}-caption"' in html
    assert html.count('<th scope="row" class="key">') == 3
    assert '<th scope="row" class="key">Printing</th>' in html
    assert '<td class="key num">1\u00a0200\u00a0000,00</td>' in html
    assert '<th scope="col" class="key">Категория</th>' in html


def test_the_partial_of_an_empty_chart_has_no_table_and_a_gauge_carries_its_state() -> None:
    html = render_to_string("disclosure/_chart.html", {"chart": cumulative([], [])})
    assert "No data yet" in html
    assert "<details" not in html
    over = gauge(Decimal(2), Decimal(1), label="Spent")
    html = render_to_string("disclosure/_chart.html", {"chart": over})
    assert '<figure class="chart chart--gauge chart--over">' in html
