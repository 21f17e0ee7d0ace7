"""Country names in Kyrgyz, Russian and English, by ISO 3166-1 alpha-3 code: the countries
with polling stations abroad and those the registers name most. A code without a name here
is shown as it is."""

from __future__ import annotations

from django.utils.translation import get_language

NAMES: dict[str, tuple[str, str, str]] = {
    "KGZ": ("Кыргызстан", "Кыргызстан", "Kyrgyzstan"),
    "RUS": ("Россия", "Россия", "Russia"),
    "KAZ": ("Казакстан", "Казахстан", "Kazakhstan"),
    "UZB": ("Өзбекстан", "Узбекистан", "Uzbekistan"),
    "TJK": ("Тажикстан", "Таджикистан", "Tajikistan"),
    "TKM": ("Түркмөнстан", "Туркменистан", "Turkmenistan"),
    "TUR": ("Түркия", "Турция", "Türkiye"),
    "USA": ("АКШ", "США", "United States"),
    "CAN": ("Канада", "Канада", "Canada"),
    "ITA": ("Италия", "Италия", "Italy"),
    "GBR": ("Улуу Британия", "Великобритания", "United Kingdom"),
    "DEU": ("Германия", "Германия", "Germany"),
    "FRA": ("Франция", "Франция", "France"),
    "ESP": ("Испания", "Испания", "Spain"),
    "PRT": ("Португалия", "Португалия", "Portugal"),
    "AUT": ("Австрия", "Австрия", "Austria"),
    "CHE": ("Швейцария", "Швейцария", "Switzerland"),
    "BEL": ("Бельгия", "Бельгия", "Belgium"),
    "NLD": ("Нидерланддар", "Нидерланды", "Netherlands"),
    "SWE": ("Швеция", "Швеция", "Sweden"),
    "FIN": ("Финляндия", "Финляндия", "Finland"),
    "NOR": ("Норвегия", "Норвегия", "Norway"),
    "DNK": ("Дания", "Дания", "Denmark"),
    "POL": ("Польша", "Польша", "Poland"),
    "CZE": ("Чехия", "Чехия", "Czechia"),
    "HUN": ("Венгрия", "Венгрия", "Hungary"),
    "GRC": ("Греция", "Греция", "Greece"),
    "LTU": ("Литва", "Литва", "Lithuania"),
    "LVA": ("Латвия", "Латвия", "Latvia"),
    "EST": ("Эстония", "Эстония", "Estonia"),
    "BLR": ("Беларусь", "Беларусь", "Belarus"),
    "UKR": ("Украина", "Украина", "Ukraine"),
    "AZE": ("Азербайжан", "Азербайджан", "Azerbaijan"),
    "ARM": ("Армения", "Армения", "Armenia"),
    "GEO": ("Грузия", "Грузия", "Georgia"),
    "MDA": ("Молдова", "Молдова", "Moldova"),
    "ARE": ("Бириккен Араб Эмирлиги", "Объединённые Арабские Эмираты", "United Arab Emirates"),
    "SAU": ("Сауд Арабиясы", "Саудовская Аравия", "Saudi Arabia"),
    "QAT": ("Катар", "Катар", "Qatar"),
    "KWT": ("Кувейт", "Кувейт", "Kuwait"),
    "ISR": ("Израиль", "Израиль", "Israel"),
    "EGY": ("Египет", "Египет", "Egypt"),
    "IRN": ("Иран", "Иран", "Iran"),
    "PAK": ("Пакистан", "Пакистан", "Pakistan"),
    "IND": ("Индия", "Индия", "India"),
    "CHN": ("Кытай", "Китай", "China"),
    "MNG": ("Монголия", "Монголия", "Mongolia"),
    "KOR": ("Корея Республикасы", "Республика Корея", "Republic of Korea"),
    "JPN": ("Япония", "Япония", "Japan"),
    "MYS": ("Малайзия", "Малайзия", "Malaysia"),
    "THA": ("Таиланд", "Таиланд", "Thailand"),
    "AUS": ("Австралия", "Австралия", "Australia"),
    "CYP": ("Кипр", "Кипр", "Cyprus"),
    "IRL": ("Ирландия", "Ирландия", "Ireland"),
}
LANGUAGE_INDEX = {"ky": 0, "ru": 1, "en": 2}


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the language (the active one by default), or its code."""
    names = NAMES.get(code)
    if names is None:
        return code
    language = (language or get_language() or "en").split("-")[0]
    return names[LANGUAGE_INDEX.get(language, 2)]
