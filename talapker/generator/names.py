"""Name pools (in Cyrillic, as the population register writes them) and the name builder.

Kyrgyz names follow the registry's real mix: a surname formed from an ancestor's name
(``Асан`` → ``Асанов`` / ``Асанова``; ``Бакы`` → ``Бакиев``), and a patronymic either in the
Russian style (``Асанович`` / ``Асановна``) or the Kyrgyz one (``Асан уулу`` / ``Асан кызы``).
Some younger people carry the Kyrgyz form *as* their surname (``Асан уулу``) and have no
patronymic. Other pools cover the Uzbek, Russian, Dungan, Tatar, Korean and German
communities of Kyrgyzstan, and foreigners (Kazakh, Turkish, Chinese) living there.
Pools are modest on purpose: repetition of names is realistic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_VOWELS = "аеёиоуүөыэюя"


def surname_from(root: str) -> tuple[str, str]:
    """Male and female surname formed from a name (``Асан`` → ``Асанов``, ``Асанова``)."""
    last = root[-1]
    if last in "ыи":
        stem = root[:-1] + "иев"
    elif last in "йь":
        stem = root[:-1] + "ев"
    elif last in _VOWELS:
        stem = root + "ев"
    else:
        stem = root + "ов"
    return stem, stem + "а"


def patronymic_from(father: str) -> tuple[str, str]:
    """Russian-style patronymic for a son and a daughter (``Асанович``, ``Асановна``)."""
    last = father[-1]
    if last in "ыи":
        stem = father[:-1] + "иев"
    elif last in "йь":
        stem = father[:-1] + "ев"
    elif last in _VOWELS:
        stem = father + "ев"
    else:
        stem = father + "ов"
    return stem + "ич", stem + "на"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


KY_MALE = _words(
    """Асан Үсөн Бакыт Нурлан Азамат Эрлан Бектур Жыргалбек Өмүрбек Чыңгыз Жээнбек Талант
    Алмазбек Кубанычбек Мирлан Темирлан Сапар Садыр Камчыбек Токтогул Бекболот Нурбек Данияр
    Элдияр Руслан Айбек Адилет Улан Эмил Бактыбек Төлөгөн Көчкөн Мелис Дастан Эрмек Жоомарт
    Уланбек Мухтар Тилек Медер Кеңеш Калыс Бектемир Болот Мурат Марат Самат Канат Улукбек
    Курманбек Алымбек Эсенбек Төрөбек Дөөлөт Бейшен Дүйшөн Сооронбай Абдыкадыр Аскар Бакытбек
    Женишбек Жолдошбек Замир Ильяс Кадыр Кылычбек Мамбет Мамат Нурсултан Орозбек Осмон Рахат
    Сагынбай Сүйүн Таалай Тынчтык Урмат Эркин Эрнис Акылбек Аманбек Арстан Бообек Жаныбек
    Жумабек Иса Кайрат Күбат Максат Нурдин Өскөн Сейтбек Мирбек Төлөн Ырыскелди Ысак Чолпонбек
    Шайлообек Жусуп Курманалы Төлөбай"""
)
KY_FEMALE = _words(
    """Айгүл Айжан Бурул Гүлнара Жылдыз Нургүл Чолпон Айпери Бүбүсара Гүлмира Динара Элмира
    Мээрим Нуриза Айзада Бегимай Асел Жамиля Сезим Айсулуу Акмөөр Күмүшай Толгонай Үмүт Салтанат
    Назгүл Бактыгүл Чынара Эркингүл Айнура Гүлзат Жазгүл Айдана Нурзат Аида Бермет Венера
    Гүлшан Жибек Канышай Клара Майрам Нурайым Перизат Роза Самара Таттыбүбү Чынаркүл Эльвира
    Айкөкүл Сүйүмкан Гүлайым Нуржамал Дамира Айымкан Бүбүжан Мөлдүр Жаңыл Күнтуу Анара Таңсулуу
    Өмүркан Үмүтай Каныкей Айтолкун Нурсулуу"""
)
#: ancestors' names that became common surnames (with the male given names above)
KY_SURNAME_ROOTS = _words(
    """Жапар Ташы Бакы Атамбай Отунбай Бабан Текебай Мадумар Сары Момун Шер Абдрахман Дыйкан
    Курман Абылгазы Келдибек Осмонали Чолпонкул Калмамбет Жумалы Турдубай Өмүрзак Айтмат
    Үсөнбай Токтосун Бектур Чоткара Ниязбек Сыдык Жумагул Эсенгул Качкын Шаршен Коңурбай
    Төрөкул Сатыбалды Орозбай Кудайберген Бейшеналы Мамыт"""
)

UZ_SURNAMES = _words(
    """Юсупов Каримов Рахимов Абдуллаев Усманов Турсунов Ахмедов Исмаилов Мамадалиев Хамидов
    Набиев Эргашев Алиев Мирзаев Хакимов Султанов Жураев Норматов Тошматов Бозоров"""
)
UZ_MALE = _words(
    """Бахтиёр Шерзод Алишер Фаррух Дилшод Жахонгир Улугбек Рустам Санжар Ботир Азиз Хуршид
    Акмал Баходир Зафар Икром Одил Равшан Шухрат Абдулла"""
)
UZ_FEMALE = _words(
    """Дилноза Нилуфар Гулнора Мадина Шахноза Зарина Феруза Мохира Севара Дилфуза Гулчехра
    Насиба Малика Умида Нодира"""
)

RU_SURNAMES = _words(
    """Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
    Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров
    Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Сергеев Кириллов Белов"""
)
#: surnames that do not change with sex (Ukrainian, Korean, German, Dungan, Turkish, Chinese)
RU_SURNAMES_INVARIANT = _words("Шевченко Бондаренко Коваленко Ткаченко")
RU_MALE_PATRONYMICS = {
    "Александр": "Александрович",
    "Сергей": "Сергеевич",
    "Дмитрий": "Дмитриевич",
    "Андрей": "Андреевич",
    "Алексей": "Алексеевич",
    "Владимир": "Владимирович",
    "Николай": "Николаевич",
    "Евгений": "Евгеньевич",
    "Игорь": "Игоревич",
    "Олег": "Олегович",
    "Виктор": "Викторович",
    "Юрий": "Юрьевич",
    "Михаил": "Михайлович",
    "Павел": "Павлович",
    "Иван": "Иванович",
    "Константин": "Константинович",
    "Роман": "Романович",
    "Максим": "Максимович",
    "Денис": "Денисович",
    "Виталий": "Витальевич",
    "Геннадий": "Геннадьевич",
    "Анатолий": "Анатольевич",
    "Валерий": "Валерьевич",
    "Борис": "Борисович",
}
RU_MALE = tuple(RU_MALE_PATRONYMICS)
RU_FEMALE = _words(
    """Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Людмила Галина Екатерина Юлия
    Марина Валентина Надежда Оксана Любовь Вера Алёна Ксения"""
)

DNG_SURNAMES = _words("Имазов Мансуров Дауров Хасанов Ясыров Шимаров Мусаев")
DNG_SURNAMES_INVARIANT = _words("Сушанло Ванахун")
DNG_MALE = _words("Ибрахим Ахмед Мухамед Юсуп Исмаил Арли Масар Мансур Хусей Хамза")
DNG_FEMALE = _words("Айша Фатима Хадиджа Шерифа Гулхан Асия Зулейха Хава")

TAT_SURNAMES = _words("Хабибуллин Галиев Сафин Гарипов Валиев Мухаметшин")
TAT_MALE = _words("Ринат Рамиль Ильдар Рустем Айдар Ильнур")
TAT_FEMALE = _words("Гульнара Альфия Резеда Лейсан Гузель Венера")

#: foreign-sounding surnames of long-settled communities (citizens: near misses for screening)
KOR_SURNAMES_INVARIANT = _words("Ким Пак Цой Ли Хан Тен Югай Шин")
GER_SURNAMES_INVARIANT = _words("Шмидт Вагнер Миллер Беккер Фишер Шульц Гейнце")

KZ_SURNAMES = _words("Ахметов Серикбаев Жаксылыков Тулегенов Абенов Нурпеисов Кенжебаев")
KZ_MALE = _words("Ерлан Серик Нурсултан Бауыржан Асхат Даурен Ерболат Арман")
KZ_FEMALE = _words("Айгерим Жанар Гульнур Динара Асем Жулдыз Сауле")

TR_SURNAMES_INVARIANT = _words("Йылмаз Кая Демир Челик Шахин Йылдыз Озтюрк Арслан Доган")
TR_MALE = _words("Мехмет Мустафа Ахмет Али Хасан Хюсейин Эмре Мурат Озан")
TR_FEMALE = _words("Айше Фатма Эмине Хатидже Зейнеп Элиф Мерве")

CN_SURNAMES_INVARIANT = _words("Ван Ли Чжан Лю Чэнь Ян Хуан Чжао У Чжоу")
CN_MALE = _words("Вэй Лэй Цзюнь Мин Цян Бо Хао Цзе")
CN_FEMALE = _words("Хуа Цзин Янь Мэй Сюе Лин Юй")


@dataclass(frozen=True)
class NamePool:
    """Everything needed to name a person of one community."""

    code: str
    surnames_m: tuple[str, ...]
    surnames_f: tuple[str, ...]
    given_m: tuple[str, ...]
    given_f: tuple[str, ...]
    #: fathers' names with their Russian-style patronymics (son, daughter)
    fathers: tuple[str, ...]
    patronymics_m: tuple[str, ...]
    patronymics_f: tuple[str, ...]
    #: native patronymic words for son and daughter ("уулу", "кызы"); empty if none
    native_son: str = ""
    native_daughter: str = ""
    #: share of native-style patronymics (people born before / from 1980)
    native_share_old: float = 0.0
    native_share_young: float = 0.0
    #: share (born 1985 or later) whose surname is the native form and who have no patronymic
    native_surname_share: float = 0.0
    #: share without any patronymic
    no_patronymic_share: float = 0.03


def _inflected(surnames: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(s, s + "а") for s in surnames]


def _invariant(surnames: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(s, s) for s in surnames]


def _pool(
    code: str,
    surnames: list[tuple[str, str]],
    given_m: tuple[str, ...],
    given_f: tuple[str, ...],
    fathers: tuple[str, ...],
    **kwargs: object,
) -> NamePool:
    """Build a pool from (male, female) surname pairs and fathers' names."""
    pm: list[str] = []
    pf: list[str] = []
    for f in fathers:
        if f in RU_MALE_PATRONYMICS:
            m = RU_MALE_PATRONYMICS[f]
            pm.append(m)
            pf.append(m[:-3] + "вна")
        else:
            m, fe = patronymic_from(f)
            pm.append(m)
            pf.append(fe)
    return NamePool(
        code,
        tuple(m for m, _ in surnames),
        tuple(f for _, f in surnames),
        given_m,
        given_f,
        fathers,
        tuple(pm),
        tuple(pf),
        **kwargs,  # type: ignore[arg-type]
    )


POOLS: dict[str, NamePool] = {
    "ky": _pool(
        "ky",
        [surname_from(r) for r in KY_MALE + KY_SURNAME_ROOTS],
        KY_MALE,
        KY_FEMALE,
        KY_MALE,
        native_son="уулу",
        native_daughter="кызы",
        native_share_old=0.2,
        native_share_young=0.45,
        native_surname_share=0.06,
    ),
    "uz": _pool(
        "uz",
        _inflected(UZ_SURNAMES),
        UZ_MALE,
        UZ_FEMALE,
        UZ_MALE,
        native_son="угли",
        native_daughter="кизи",
        native_share_old=0.05,
        native_share_young=0.2,
    ),
    "ru": _pool(
        "ru",
        _inflected(RU_SURNAMES) + _invariant(RU_SURNAMES_INVARIANT),
        RU_MALE,
        RU_FEMALE,
        RU_MALE,
    ),
    "dng": _pool(
        "dng",
        _inflected(DNG_SURNAMES) + _invariant(DNG_SURNAMES_INVARIANT),
        DNG_MALE,
        DNG_FEMALE,
        DNG_MALE,
    ),
    "tat": _pool("tat", _inflected(TAT_SURNAMES), TAT_MALE, TAT_FEMALE, TAT_MALE),
    "kor": _pool("kor", _invariant(KOR_SURNAMES_INVARIANT), RU_MALE, RU_FEMALE, RU_MALE),
    "ger": _pool("ger", _invariant(GER_SURNAMES_INVARIANT), RU_MALE, RU_FEMALE, RU_MALE),
    "kz": _pool("kz", _inflected(KZ_SURNAMES), KZ_MALE, KZ_FEMALE, KZ_MALE),
    "tr": _pool(
        "tr",
        _invariant(TR_SURNAMES_INVARIANT),
        TR_MALE,
        TR_FEMALE,
        TR_MALE,
        no_patronymic_share=1.0,
    ),
    "cn": _pool(
        "cn",
        _invariant(CN_SURNAMES_INVARIANT),
        CN_MALE,
        CN_FEMALE,
        CN_MALE,
        no_patronymic_share=1.0,
    ),
}

#: communities of Kyrgyz citizens and their shares (roughly the 2022 census)
CITIZEN_ETHNICITIES: tuple[tuple[str, float], ...] = (
    ("ky", 0.745),
    ("uz", 0.147),
    ("ru", 0.055),
    ("dng", 0.012),
    ("tat", 0.006),
    ("kor", 0.003),
    ("ger", 0.002),
)
#: communities whose names sound foreign though they are citizens (screening near misses)
FOREIGN_SOUNDING = ("kor", "ger")
#: the community a foreign citizen's name comes from
FOREIGN_COUNTRY_ETHNICITY = {"RUS": "ru", "KAZ": "kz", "UZB": "uz", "TUR": "tr", "CHN": "cn"}


def make_name(
    rand: Callable[[], float], pool: NamePool, male: bool, birth_year: int
) -> tuple[str, str, str]:
    """Return ``(surname, name, patronymic)`` for one person, using ``rand`` (``rng.random``)."""
    surnames = pool.surnames_m if male else pool.surnames_f
    given = pool.given_m if male else pool.given_f
    name = given[int(rand() * len(given))]
    fi = int(rand() * len(pool.fathers))
    x = rand()
    if x < pool.no_patronymic_share:
        return surnames[int(rand() * len(surnames))], name, ""
    if pool.native_son:
        native = pool.native_son if male else pool.native_daughter
        young = birth_year >= 1980
        if birth_year >= 1985 and x > 1.0 - pool.native_surname_share:
            return f"{pool.fathers[fi]} {native}", name, ""
        share = pool.native_share_young if young else pool.native_share_old
        if rand() < share:
            return surnames[int(rand() * len(surnames))], name, f"{pool.fathers[fi]} {native}"
    patronymic = pool.patronymics_m[fi] if male else pool.patronymics_f[fi]
    return surnames[int(rand() * len(surnames))], name, patronymic


def full_name(surname: str, name: str, patronymic: str) -> str:
    """The name in register order: surname, given name, patronymic (if any)."""
    return " ".join(p for p in (surname, name, patronymic) if p)
