"""A small, realistic party-list election for the public pages' tests, built with the ORM.

Three parties whose names begin with letters that sort differently by code point and by the
Kyrgyz alphabet (Ж, Ү, Э), so that alphabetical order is really tested; the drawn ballot
order differs from every alphabetical order. Each candidate has a PIN and a full birth date
that must never reach a page.

    scenario = build_election()                 # ballot drawn
    scenario = build_election(ballot_drawn=False)
    scenario.party("umut").candidates.all()
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from fpdf import FPDF

from talapker.candidates.models import Candidate
from talapker.core.names import name_key
from talapker.elections.models import Election
from talapker.funds.models import Fund
from talapker.parties.models import Party

# code, (ky, ru, en) names, drawn ballot position, leader, founded, website
PARTIES = (
    (
        "eldin-unu",
        ("Элдин Үнү", "Голос народа", "Voice of the People"),
        1,
        "Сыдыкова Чолпон Төрөбековна",
        dt.date(2012, 3, 14),
        "https://eldin-unu.example.kg",
    ),
    (
        "jany-ornok",
        ("Жаңы Өрнөк", "Новый ориентир", "New Landmark"),
        2,
        "Абдыкеримов Нурлан Жеңишбекович",
        dt.date(2019, 9, 2),
        "",
    ),
    (
        "umut",
        ("Үмүт", "Надежда", "Hope"),
        3,
        "Төлөгөнов Бакыт Үсөнович",
        None,
        "https://umut.example.kg",
    ),
)

# party code -> (surname, name, patronymic, sex, birth date, region)
CANDIDATES = {
    "eldin-unu": (
        ("Сыдыкова", "Чолпон", "Төрөбековна", "F", dt.date(1974, 5, 21), "Бишкек шаары"),
        ("Мамбетов", "Эрлан", "Кеңешович", "M", dt.date(1981, 11, 3), "Чүй облусу"),
        ("Үмөталиева", "Айгүл", "Сооронбаевна", "F", dt.date(1990, 2, 17), "Нарын облусу"),
        ("Жумабеков", "Темирлан", "", "M", dt.date(1986, 8, 9), "Ош шаары"),
    ),
    "jany-ornok": (
        ("Абдыкеримов", "Нурлан", "Жеңишбекович", "M", dt.date(1969, 1, 30), "Ысык-Көл облусу"),
        ("Асанова", "Гүлнара", "Мамытовна", "F", dt.date(1983, 6, 12), "Жалал-Абад облусу"),
        ("Өмүрзаков", "Бектур", "Төлөнович", "M", dt.date(1995, 10, 25), "Талас облусу"),
    ),
    "umut": (
        ("Төлөгөнов", "Бакыт", "Үсөнович", "M", dt.date(1972, 12, 1), "Баткен облусу"),
        ("Кеңешбекова", "Назгүл", "Алымбековна", "F", dt.date(1988, 4, 7), "Ош облусу"),
        ("Сүйүнбаев", "Дөөлөт", "", "M", dt.date(1979, 7, 19), ""),
    ),
}

PROGRAMME_PARAGRAPH = (
    "Биздин партия ар бир үй-бүлөнүн бакубат жашоосу, адилеттүү сот жана ачык-айкын "
    "мамлекеттик бюджет үчүн иштейт. Айыл чарбасын колдоо, мектептерди оңдоо жана жаштарга "
    "жумуш орундарын түзүү — биздин негизги милдеттерибиз."
)
# Only in the tail of the long programme: it must not appear in the page's excerpt.
PROGRAMME_TAIL_MARKER = "ПРОГРАММАНЫН АКЫРКЫ САПТАРЫ"


def pin_for(sex: str, born: dt.date, serial: int) -> str:
    """A Kyrgyz personal number: sex digit (1 woman, 2 man), DDMMYYYY, five serial digits."""
    return f"{1 if sex == 'F' else 2}{born:%d%m%Y}{serial:05d}"


def programme_pdf(title: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(text=title)
    return bytes(pdf.output())


@dataclass
class Scenario:
    election: Election
    parties: dict[str, Party] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)

    def party(self, code: str) -> Party:
        return self.parties[code]


def build_election(
    *,
    code: str = "parliament-2026",
    election_day: dt.date = dt.date(2026, 11, 29),
    ballot_drawn: bool = True,
    names: tuple[str, str, str] = (
        "Жогорку Кеңешке шайлоо 2026",
        "Выборы в Жогорку Кенеш 2026",
        "Jogorku Kenesh election 2026",
    ),
) -> Scenario:
    """An election with three parties, their candidates, funds and programmes."""
    election = Election.objects.create(
        code=code,
        kind=Election.Kind.PARLIAMENTARY,
        name_ky=names[0],
        name_ru=names[1],
        name_en=names[2],
        campaign_start=election_day - dt.timedelta(days=30),
        election_day=election_day,
    )
    scenario = Scenario(election=election)
    serial = 1
    for index, (party_code, (ky, ru, en), position, leader, founded, website) in enumerate(PARTIES):
        party = Party.objects.create(
            election=election,
            code=party_code,
            name_ky=ky,
            name_ru=ru,
            name_en=en,
            registration_no=f"ПП-{1000 + index * 37}",
            leader=leader,
            founded=founded,
            website=website,
            ballot_position=position if ballot_drawn else None,
            # The first party's programme is long enough to be cut in the excerpt.
            programme_text=(
                "\n\n".join([PROGRAMME_PARAGRAPH] * (12 if index == 0 else 2))
                + ("\n\n" + PROGRAMME_TAIL_MARKER if index == 0 else "")
            ),
        )
        party.programme.save(f"{party_code}.pdf", ContentFile(programme_pdf(en)), save=True)
        Fund.objects.create(election=election, code=party_code, party=party)
        scenario.parties[party_code] = party
        for list_position, (surname, name, patronymic, sex, born, region) in enumerate(
            CANDIDATES[party_code], start=1
        ):
            scenario.candidates.append(
                Candidate.objects.create(
                    party=party,
                    position=list_position,
                    pin=pin_for(sex, born, serial),
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    birth_date=born,
                    sex=sex,
                    region=region,
                    name_key=name_key(surname, name, patronymic),
                )
            )
            serial += 1
    return scenario
