"""Names of legal entities, in the mix the Kyrgyz register shows.

Commercial names come in three styles: Russian register style (``ОсОО "Ала-Тоо Курулуш"``),
Kyrgyz (``"Ала-Тоо Курулуш" ЖЧК``) and English (``Bishkek Trade LLC``). Other forms have
their own patterns. Foreign parents, founders and state founders are named here too.
"""

from __future__ import annotations

import random

KY_WORDS = (
    "Ала-Тоо", "Ак-Жол", "Ысык-Көл", "Нур", "Алтын", "Күн", "Тоо", "Бишкек", "Ош", "Дордой",
    "Кут", "Мурас", "Ордо", "Берекет", "Ырыс", "Тулпар", "Манас", "Көк-Жар", "Ак-Суу", "Сапат",
    "Азия", "Жибек Жолу", "Кең-Кол", "Чолпон", "Ак-Тилек", "Өрнөк", "Үмүт", "Асман", "Теңир",
    "Жаңы Заман", "Кыял", "Ынтымак", "Арча", "Тянь-Шань", "Нарын", "Талас", "Баткен",
)  # fmt: skip
KY_ACTIVITIES = (
    "Курулуш", "Соода", "Агро", "Транс", "Сервис", "Инвест", "Тех", "Маркет", "Логистика",
    "Фарм", "Медиа", "Энерго", "Строй", "Групп", "Капитал", "Консалтинг", "Текстиль",
    "Тамак-аш", "Саякат", "Билим", "Дары", "Курулуш Материалдары", "Эт", "Сүт", "Нан",
)  # fmt: skip
EN_WORDS = (
    "Bishkek", "Ala-Too", "Tien Shan", "Silk Road", "Asia", "Nomad", "Jibek", "Issyk-Kul",
    "Osh", "Central Asia", "Eurasia", "Kyrgyz", "Manas", "Altyn", "Tulpar", "Ak-Jol",
)  # fmt: skip
EN_ACTIVITIES = (
    "Trade", "Mining", "Logistics", "Invest", "Development", "Agro", "Tech", "Media",
    "Energy", "Construction", "Consulting", "Textile", "Foods", "Pharm", "Travel", "Motors",
)  # fmt: skip
NGO_NAMES = (
    "Жаштар демилгеси", "Аялдар үнү", "Ачык коом", "Таза суу", "Мекен", "Билим көпүрөсү",
    "Ден соолук", "Жарандык көзөмөл", "Айыл өнүгүүсү", "Эко-Ордо", "Балдар келечеги",
    "Укук жана адилет", "Маданий мурас", "Спорт жана ден соолук", "Карылар камкордугу",
)  # fmt: skip
RELIGIOUS_NAMES = (
    ('"{w}" мечити', "Нур"), ('"{w}" мечити', "Ыйман"), ('"{w}" мечити', "Ак-Мечит"),
    ('Религиозная организация "{w}"', "Благодать"), ("Приход храма {w}", "св. Николая"),
    ('"{w}" диний бирикмеси', "Ислам нуру"), ('Религиозная организация "{w}"', "Новая жизнь"),
)  # fmt: skip
STATE_BODIES = (
    "Кыргыз Республикасынын Санариптик өнүктүрүү министрлиги",
    "Кыргыз Республикасынын Саламаттык сактоо министрлиги",
    "Кыргыз Республикасынын Билим берүү жана илим министрлиги",
    "Кыргыз Республикасынын Айыл чарба министрлиги",
    "Кыргыз Республикасынын Транспорт жана коммуникациялар министрлиги",
    "Мамлекеттик салык кызматы",
    "Мамлекеттик бажы кызматы",
    "Социалдык фонд",
    "Мамлекеттик каттоо кызматы",
    "Борбордук шайлоо комиссиясы",
)
STATE_ENTERPRISES = (
    "Кыргыз темир жолу", "Кыргыз почтасы", "Кыргызаэронавигация", "Кыргызжолкурулуш",
    "Кыргыз Мамлекеттик Геология", "Улуттук электр тармагы", "Кыргызсуукурулуш",
    "Ысык-Көл курорттору", "Кыргызфармация", "Кыргызстандын мамлекеттик нотариаты",
)  # fmt: skip
MUNICIPAL_ENTERPRISES = (
    "Тазалык", "Бишкекзеленхоз", "Бишкекасфальтсервис", "Жылуулук", "Ош-Суу", "Бишкекводоканал",
    "Шаардык жарык", "Муниципалдык транспорт", "Бишкекглавархитектура", "Ош-Тазалык",
)  # fmt: skip
MUNICIPALITIES = (
    "Бишкек шаарынын мэриясы", "Ош шаарынын мэриясы", "Жалал-Абад шаарынын мэриясы",
    "Каракол шаарынын мэриясы", "Токмок шаарынын мэриясы", "Нарын шаарынын мэриясы",
    "Талас шаарынын мэриясы", "Баткен шаарынын мэриясы", "Өзгөн шаарынын мэриясы",
)  # fmt: skip
STATE_FOUNDERS = (
    "Кыргыз Республикасынын Министрлер Кабинети",
    "Мамлекеттик мүлктү башкаруу фонду",
)
INTERNATIONAL_ORGS = (
    "Европа реконструкция жана өнүктүрүү банкы",
    "Азия өнүктүрүү банкы",
    "Ислам өнүктүрүү банкы",
    "Ага Хан өнүктүрүү тармагы",
    "Евразиялык өнүктүрүү банкы",
)
INTERNATIONAL_OFFICES = (
    "Программный офис ОБСЕ в Бишкеке",
    "Представительство ПРООН в Кыргызской Республике",
    "Представительство Всемирного банка в Кыргызской Республике",
    "Представительство ЮНИСЕФ в Кыргызской Республике",
    "Представительство Азиатского банка развития",
    "Бюро Международной организации по миграции",
)
FOREIGN_PARENTS: dict[str, tuple[str, ...]] = {
    "RUS": (
        'ООО "СибТрансСтрой"',
        'АО "Уралмаш-Азия"',
        'ООО "ВолгаАгроТрейд"',
        'ПАО "Северсталь-Восток"',
    ),
    "KAZ": ('ТОО "Алатау Инвест"', 'АО "Казахстан Темир Жолы Логистикс"', 'ТОО "Жетысу Агро"'),
    "TUR": ("Anadolu Yapı A.Ş.", "Ege Tekstil Sanayi A.Ş.", "Kayseri Gıda Ltd. Şti."),
    "CHN": (
        "Xinjiang Tianshan Trading Co., Ltd.",
        "Kashgar Silk Road Mining Co., Ltd.",
        "Zijin Gold Asia Co., Ltd.",
    ),
    "GBR": ("Silk Way Holdings Ltd", "Central Asia Gold plc"),
    "DEU": ("Eurasia Capital GmbH", "Bergbau Technik Ost GmbH"),
    "USA": ("Frontier Markets Fund LLC", "Pamir Ventures Inc."),
    "CYP": ("Kenesh Holdings Ltd", "Altyn Invest (Cyprus) Ltd"),
    "ARE": ("Gulf Asia Trading FZE",),
}


def _pick(rng: random.Random, items: tuple[str, ...]) -> str:
    return items[int(rng.random() * len(items))]


def commercial_name(rng: random.Random, form: str) -> str:
    """A company name for an ``llc`` or ``jsc`` in one of the register's styles."""
    x = rng.random()
    if x < 0.15:
        name = f"{_pick(rng, EN_WORDS)} {_pick(rng, EN_ACTIVITIES)}"
        return f"{name} {'LLC' if form == 'llc' else 'JSC'}"
    name = f"{_pick(rng, KY_WORDS)} {_pick(rng, KY_ACTIVITIES)}"
    if rng.random() < 0.2:
        name += f" {rng.randint(1, 99)}"
    if x < 0.6:
        return f'{"ОсОО" if form == "llc" else "ОАО"} "{name}"'
    return f'"{name}" {"ЖЧК" if form == "llc" else "ААК"}'


def foreign_company_name(rng: random.Random, country: str) -> str:
    """A company incorporated abroad, named in its country's style."""
    base = f"{_pick(rng, EN_WORDS)} {_pick(rng, EN_ACTIVITIES)}"
    if country == "RUS":
        return f'ООО "{_pick(rng, KY_WORDS)} {_pick(rng, KY_ACTIVITIES)}"'
    if country == "KAZ":
        return f'ТОО "{_pick(rng, KY_WORDS)} {_pick(rng, KY_ACTIVITIES)}"'
    suffix = {"TUR": "A.Ş.", "CHN": "Co., Ltd.", "DEU": "GmbH", "USA": "Inc.", "ARE": "FZE"}
    return f"{base} {suffix.get(country, 'Ltd')}"


def entity_name(rng: random.Random, form: str, country: str, owner_name: str = "") -> str:
    """A plausible name for an entity of ``form`` (``owner_name`` names a sole trader)."""
    if form in ("llc", "jsc") and country != "KGZ":
        return foreign_company_name(rng, country)
    if form in ("llc", "jsc"):
        return commercial_name(rng, form)
    if form == "sole_trader":
        return f"ИП {owner_name}" if rng.random() < 0.6 else f"ЖИ {owner_name}"
    if form == "ngo":
        return (
            f'ОО "{_pick(rng, NGO_NAMES)}"'
            if rng.random() < 0.5
            else (f'"{_pick(rng, NGO_NAMES)}" коомдук бирикмеси')
        )
    if form == "foundation":
        return (
            f'Фонд "{_pick(rng, NGO_NAMES)}"'
            if rng.random() < 0.5
            else (f'"{_pick(rng, NGO_NAMES)}" коомдук фонду')
        )
    if form == "religious":
        pattern, word = RELIGIOUS_NAMES[int(rng.random() * len(RELIGIOUS_NAMES))]
        return pattern.format(w=word)
    if form == "state_body":
        return _pick(rng, STATE_BODIES)
    if form == "state_enterprise":
        return f'"{_pick(rng, STATE_ENTERPRISES)}" мамлекеттик ишканасы'
    if form == "municipal_enterprise":
        return f'МП "{_pick(rng, MUNICIPAL_ENTERPRISES)}"'
    if form == "international":
        return _pick(rng, INTERNATIONAL_OFFICES)
    if form == "foreign_branch":
        return f"Филиал {foreign_parent(rng, country)} в Кыргызской Республике"
    if form == "foreign_rep_office":
        return f"Представительство {foreign_parent(rng, country)} в Кыргызской Республике"
    if form == "party":
        return f'Политическая партия "{_pick(rng, KY_WORDS)}"'
    # other: cooperatives, partnerships, associations
    kind = _pick(rng, ("СПК", "Кооператив", "ПК", "Ассоциация"))
    return f'{kind} "{_pick(rng, KY_WORDS)}"'


def foreign_parent(rng: random.Random, country: str) -> str:
    """The name of a company incorporated in ``country``."""
    return _pick(rng, FOREIGN_PARENTS.get(country, FOREIGN_PARENTS["GBR"]))


def foreign_registration_no(rng: random.Random, country: str) -> str:
    """A foreign company's registration number in its country's usual shape."""
    digits = "0123456789"
    if country == "RUS":  # OGRN, 13 digits
        return rng.choice("15") + "".join(rng.choice(digits) for _ in range(12))
    if country == "KAZ":  # BIN, 12 digits
        return "".join(rng.choice(digits) for _ in range(12))
    if country == "TUR":  # tax number, 10 digits
        return "".join(rng.choice(digits) for _ in range(10))
    if country == "CHN":  # unified social credit code, 18 characters
        tail = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
        return "91" + "".join(rng.choice(digits) for _ in range(6)) + tail
    if country == "DEU":
        return f"HRB {rng.randint(10000, 999999)}"
    if country == "USA":
        return f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    return (
        f"HE{rng.randint(100000, 999999)}"
        if country == "CYP"
        else f"{rng.randint(1, 99999999):08d}"
    )


def foreign_passport_no(rng: random.Random, country: str) -> str:
    """A foreign citizen's passport number (never 14 digits, so never mistaken for a PIN)."""
    n = rng.randint(0, 99_999_999)
    if country == "RUS":
        return f"{rng.randint(70, 77)}{n % 10_000_000:07d}"
    prefix = {"KAZ": "N", "TUR": "U", "CHN": "E", "UZB": "FA"}.get(country, "P")
    return f"{prefix}{n:08d}" if prefix != "FA" else f"FA{n % 10_000_000:07d}"
