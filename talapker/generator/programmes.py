"""Party programmes (``programmes/<party>.pdf``): one or two pages in Kyrgyz and Russian.

The PDFs are made with fpdf2 and embed DejaVu Sans (it has Ң, Ө, Ү), so the text can be
extracted for search. Creation date and metadata are fixed (the date moves with the story's
calendar), so the files are byte-identical from run to run.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from .common import Calendar, rng_for
from .parties import Party

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: a fixed creation date (as written) keeps the PDFs reproducible
CREATION_DATE = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
#: a sentence every programme contains (tests check it survives text extraction)
SLOGAN_KY = "Биз жаңы Кыргызстандын өнүгүүсү үчүн күрөшөбүз."
SLOGAN_RU = "Мы боремся за развитие нового Кыргызстана."

# The programme text: "# Kyrgyz heading | Russian heading", then sentence pairs, each a
# Kyrgyz line followed by its Russian translation on a line starting with "= ".
_TEXT = """
# Экономика | Экономика
Чакан жана орто бизнести колдоо үчүн салык жүгүн жеңилдетебиз, ишкерлерге арзан насыя беребиз.
= Снизим налоговую нагрузку на малый и средний бизнес, дадим предпринимателям доступные кредиты.
Ар бир облуста жаңы жумуш орундарын түзүп, жаштардын чет өлкөгө кетүүсүн азайтабыз.
= Создадим новые рабочие места в каждой области и сократим отток молодёжи за рубеж.
Экспортту өнүктүрүп, Кыргызстандын товарларын Евразия рыногуна чыгарабыз.
= Будем развивать экспорт и выведем кыргызстанские товары на евразийский рынок.
# Билим берүү | Образование
Мугалимдердин айлык акысын көбөйтүп, мектептерди заманбап жабдуулар менен камсыз кылабыз.
= Повысим зарплаты учителей и оснастим школы современным оборудованием.
Мамлекеттик тилди жана үч тилдүү билим берүүнү колдойбуз.
= Поддержим государственный язык и трёхъязычное образование.
Ар бир айылда бала бакча ачылат.
= В каждом айыле откроется детский сад.
# Саламаттык сактоо | Здравоохранение
Айылдык ооруканаларды оңдоп, дарыгерлерге турак жай беребиз.
= Отремонтируем сельские больницы и обеспечим врачей жильём.
Дары-дармектердин баасын көзөмөлгө алабыз.
= Возьмём под контроль цены на лекарства.
# Айыл чарба | Сельское хозяйство
Дыйкандарга үрөн, жер семирткич жана сугат суусу өз убагында жеткирилет.
= Фермеры вовремя получат семена, удобрения и поливную воду.
Айыл чарба кооперативдерин түзүүгө жардам беребиз.
= Поможем создавать сельскохозяйственные кооперативы.
# Коррупцияга каршы күрөш | Борьба с коррупцией
Мамлекеттик сатып алуулардын баарын ачык жана санариптик кылабыз.
= Сделаем все государственные закупки открытыми и цифровыми.
Шайлоо фонддорунун кирешелери менен чыгашалары элге ачык болот.
= Доходы и расходы избирательных фондов будут открыты для граждан.
# Жаштар саясаты | Молодёжная политика
Жаштар үчүн спорт аянтчаларын жана IT-борборлорду курабыз.
= Построим для молодёжи спортивные площадки и IT-центры.
Студенттерге жатакана жана стипендия көбөйөт.
= Студентам станет больше общежитий и стипендий.
# Региондор | Регионы
Жергиликтүү өз алдынча башкаруу органдарына көбүрөөк укук жана каражат беребиз.
= Дадим органам местного самоуправления больше прав и средств.
Бишкек менен Ош шаарларынын ортосундагы жолду жаңылайбыз.
= Обновим дорогу между Бишкеком и Ошем.
"""

Section = tuple[str, str, tuple[tuple[str, str], ...]]


def _parse(text: str) -> tuple[Section, ...]:
    """Parse :data:`_TEXT` into (Kyrgyz heading, Russian heading, sentence pairs)."""
    sections: list[tuple[str, str, list[tuple[str, str]]]] = []
    pending = ""
    for line in text.strip().splitlines():
        if line.startswith("# "):
            ky, ru = line[2:].split(" | ")
            sections.append((ky, ru, []))
        elif line.startswith("= "):
            sections[-1][2].append((pending, line[2:]))
        else:
            pending = line
    return tuple((ky, ru, tuple(pairs)) for ky, ru, pairs in sections)


#: (Kyrgyz heading, Russian heading, ((Kyrgyz sentence, Russian sentence), ...))
SECTIONS: tuple[Section, ...] = _parse(_TEXT)


def _check_font() -> None:
    if not FONT_PATH.is_file():
        raise FileNotFoundError(
            f"{FONT_PATH} is missing: install the Debian package fonts-dejavu-core "
            "(apt-get install fonts-dejavu-core) to generate party programmes"
        )


def _choose(rng: random.Random) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Five sections, each with one or two of its sentences."""
    picked = rng.sample(range(len(SECTIONS)), 5)
    out = []
    for i in sorted(picked):
        ky, ru, sentences = SECTIONS[i]
        k = min(len(sentences), rng.randint(1, 2))
        out.append((ky, ru, [sentences[j] for j in sorted(rng.sample(range(len(sentences)), k))]))
    return out


def programme_pdf(party: Party, seed: int, calendar: Calendar) -> bytes:
    """Render one party's programme."""
    created = CREATION_DATE + calendar.shift
    _check_font()
    rng = rng_for(seed, "programme", party.code)
    sections = _choose(rng)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(created)
    pdf.set_title(f"{party.name_ky} — {party.name_ru}")
    pdf.set_author(party.name_ru)
    pdf.set_subject("Предвыборная программа / Шайлоо алдындагы программа")
    pdf.set_creator("Talapker synthetic election generator")
    pdf.set_lang("ky")
    pdf.add_font("DejaVu", fname=str(FONT_PATH))
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: float, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(f"«{party.name_ky}» партиясынын шайлоо алдындагы программасы", 15)
    para(f"Предвыборная программа партии «{party.name_ru}»", 13, 4)
    para(SLOGAN_KY, 11)
    para(SLOGAN_RU, 11, 5)
    para("Кыргызча", 12, 2)
    for ky, _, sentences in sections:
        para(ky, 11, 0.5)
        para(" ".join(s for s, _ in sentences), 10)
    pdf.ln(3)
    para("На русском языке", 12, 2)
    for _, ru, sentences in sections:
        para(ru, 11, 0.5)
        para(" ".join(s for _, s in sentences), 10)
    pdf.ln(3)
    leader = party.leader.full_name if party.leader else ""
    para(f"Партиянын төрагасы / Председатель партии: {leader}", 10)
    para(f"{party.website} · Бишкек, {created.year}", 10)
    return bytes(pdf.output())


def write_programmes(directory: Path, parties: list[Party], seed: int, calendar: Calendar) -> int:
    """Write ``<code>.pdf`` for every party; returns the number of files."""
    directory.mkdir(parents=True, exist_ok=True)
    for p in parties:
        (directory / f"{p.code}.pdf").write_bytes(programme_pdf(p, seed, calendar))
    return len(parties)
