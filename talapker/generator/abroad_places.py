"""Where the polling stations abroad stand, as in the 2025 election (kg-election-law.md §2:
100 stations in 34 countries, 40 of them in Russia).

One row per city: the host country (ISO 3166-1 alpha-3), the city in Russian (Kyrgyz writes
these names the same way) and as the host country writes it, the centre's coordinates, a
street for addresses written the host country's way, the kinds of its stations (``E`` an
embassy, ``C`` a consulate general, ``H`` a hall the mission rents: a school, a diaspora or
business centre) and how many voters abroad a station there registers, relatively (where
the migrants work: Russia first, then Kazakhstan, Turkey, Korea and the United States).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    country: str
    city: str
    local: str
    latitude: float
    longitude: float
    #: a street in the host country's own writing; "" where addresses read the Russian way
    street: str
    kinds: str
    weight: float


def _p(country: str, city: str, local: str, lat: float, lon: float, street: str, kinds: str,
       weight: float) -> Place:  # fmt: skip
    return Place(country, city, local, lat, lon, street, kinds, weight)


#: countries whose addresses read the Russian way («г. Казань, ул. Баумана, 12»)
RUSSIAN_ADDRESSES = frozenset({"RUS", "KAZ", "BLR", "UZB", "TJK", "TKM", "AZE"})
#: streets for the Russian-way addresses
RUSSIAN_STREETS = (
    "ул. Ленина", "ул. Мира", "ул. Советская", "ул. Гагарина", "ул. Пушкина", "ул. Садовая",
    "ул. Чкалова", "просп. Победы", "ул. Молодёжная", "ул. Школьная", "ул. Лермонтова",
    "ул. Кирова", "ул. Горького", "ул. Строителей", "просп. Космонавтов",
)  # fmt: skip
#: host countries where mobile groups register voters too (the rest: only the consulates)
MOBILE_GROUP_COUNTRIES = frozenset({"TUR", "USA", "ITA", "RUS", "KAZ"})

PLACES: tuple[Place, ...] = (
    # Russia: 40 stations in 32 cities
    _p("RUS", "Москва", "Москва", 55.7558, 37.6173, "", "EHHHHH", 9),
    _p("RUS", "Санкт-Петербург", "Санкт-Петербург", 59.9386, 30.3141, "", "CHH", 7),
    _p("RUS", "Екатеринбург", "Екатеринбург", 56.8389, 60.6057, "", "CH", 6),
    _p("RUS", "Новосибирск", "Новосибирск", 55.0084, 82.9357, "", "C", 6),
    _p("RUS", "Казань", "Казань", 55.7961, 49.1064, "", "H", 5),
    _p("RUS", "Красноярск", "Красноярск", 56.0153, 92.8932, "", "H", 5),
    _p("RUS", "Иркутск", "Иркутск", 52.2870, 104.3050, "", "H", 4),
    _p("RUS", "Самара", "Самара", 53.1959, 50.1002, "", "H", 5),
    _p("RUS", "Тюмень", "Тюмень", 57.1530, 65.5343, "", "H", 5),
    _p("RUS", "Сургут", "Сургут", 61.2540, 73.3962, "", "H", 5),
    _p("RUS", "Нижневартовск", "Нижневартовск", 60.9344, 76.5531, "", "H", 4),
    _p("RUS", "Омск", "Омск", 54.9885, 73.3242, "", "H", 3),
    _p("RUS", "Томск", "Томск", 56.4977, 84.9744, "", "H", 3),
    _p("RUS", "Челябинск", "Челябинск", 55.1644, 61.4368, "", "H", 4),
    _p("RUS", "Пермь", "Пермь", 58.0105, 56.2502, "", "H", 3),
    _p("RUS", "Уфа", "Уфа", 54.7388, 55.9721, "", "H", 3),
    _p("RUS", "Ростов-на-Дону", "Ростов-на-Дону", 47.2357, 39.7015, "", "H", 3),
    _p("RUS", "Краснодар", "Краснодар", 45.0355, 38.9753, "", "H", 3),
    _p("RUS", "Воронеж", "Воронеж", 51.6720, 39.1843, "", "H", 2),
    _p("RUS", "Нижний Новгород", "Нижний Новгород", 56.2965, 43.9361, "", "H", 3),
    _p("RUS", "Якутск", "Якутск", 62.0355, 129.6755, "", "H", 4),
    _p("RUS", "Владивосток", "Владивосток", 43.1155, 131.8855, "", "H", 3),
    _p("RUS", "Хабаровск", "Хабаровск", 48.4802, 135.0719, "", "H", 2),
    _p("RUS", "Калуга", "Калуга", 54.5293, 36.2754, "", "H", 2),
    _p("RUS", "Тверь", "Тверь", 56.8587, 35.9176, "", "H", 2),
    _p("RUS", "Ярославль", "Ярославль", 57.6261, 39.8845, "", "H", 2),
    _p("RUS", "Рязань", "Рязань", 54.6269, 39.6916, "", "H", 2),
    _p("RUS", "Тула", "Тула", 54.1961, 37.6182, "", "H", 2),
    _p("RUS", "Саратов", "Саратов", 51.5331, 46.0342, "", "H", 2),
    _p("RUS", "Волгоград", "Волгоград", 48.7080, 44.5133, "", "H", 2),
    _p("RUS", "Оренбург", "Оренбург", 51.7682, 55.0969, "", "H", 2),
    _p("RUS", "Барнаул", "Барнаул", 53.3474, 83.7784, "", "H", 2),
    # Kazakhstan: 8 stations in 5 cities
    _p("KAZ", "Алматы", "Алматы", 43.2380, 76.9458, "", "CHH", 4),
    _p("KAZ", "Астана", "Астана", 51.1282, 71.4306, "", "EH", 3),
    _p("KAZ", "Шымкент", "Шымкент", 42.3417, 69.5901, "", "H", 2),
    _p("KAZ", "Тараз", "Тараз", 42.9000, 71.3667, "", "H", 2),
    _p("KAZ", "Туркестан", "Туркестан", 43.2973, 68.2518, "", "H", 1),
    # Turkey: 6 stations in 4 cities
    _p("TUR", "Анкара", "Ankara", 39.9334, 32.8597, "Turan Güneş Blv.", "E", 2),
    _p("TUR", "Стамбул", "İstanbul", 41.0082, 28.9784, "Yıldız Posta Cd.", "CHH", 4),
    _p("TUR", "Анталья", "Antalya", 36.8969, 30.7133, "Atatürk Cd.", "H", 2),
    _p("TUR", "Измир", "İzmir", 38.4237, 27.1428, "Cumhuriyet Blv.", "H", 1),
    # the United States: 5 stations in 5 cities
    _p("USA", "Вашингтон", "Washington, DC", 38.9072, -77.0369, "Wisconsin Ave NW", "E", 1),
    _p("USA", "Нью-Йорк", "New York, NY", 40.7128, -74.0060, "Brighton Beach Ave", "C", 3),
    _p("USA", "Чикаго", "Chicago, IL", 41.8781, -87.6298, "N Milwaukee Ave", "H", 2),
    _p("USA", "Лос-Анджелес", "Los Angeles, CA", 34.0522, -118.2437, "Wilshire Blvd", "H", 1),
    _p("USA", "Сиэтл", "Seattle, WA", 47.6062, -122.3321, "Aurora Ave N", "H", 1),
    # South Korea: 3 stations in 3 cities
    _p("KOR", "Сеул", "Seoul", 37.5665, 126.9780, "Itaewon-ro", "E", 3),
    _p("KOR", "Ансан", "Ansan", 37.3219, 126.8309, "Wongok-ro", "H", 4),
    _p("KOR", "Кванджу", "Gwangju", 35.1595, 126.8526, "Jungang-ro", "H", 2),
    # Europe, the Gulf, Asia and America: one country each line or a few lines
    _p("ITA", "Рим", "Roma", 41.9028, 12.4964, "Via Nomentana", "E", 1),
    _p("ITA", "Милан", "Milano", 45.4642, 9.1900, "Via Padova", "H", 2),
    _p("ITA", "Неаполь", "Napoli", 40.8518, 14.2681, "Corso Umberto I", "H", 1),
    _p("GBR", "Лондон", "London", 51.5074, -0.1278, "Gloucester Road", "EH", 1),
    _p("ARE", "Абу-Даби", "Abu Dhabi", 24.4539, 54.3773, "Al Karamah Street", "E", 1),
    _p("ARE", "Дубай", "Dubai", 25.2048, 55.2708, "Al Wasl Road", "C", 2),
    _p("DEU", "Берлин", "Berlin", 52.5200, 13.4050, "Otto-Suhr-Allee", "E", 1),
    _p("DEU", "Франкфурт-на-Майне", "Frankfurt am Main", 50.1109, 8.6821, "Zeil", "C", 1),
    _p("DEU", "Мюнхен", "München", 48.1351, 11.5820, "Leopoldstraße", "H", 1),
    _p("CHN", "Пекин", "Beijing", 39.9042, 116.4074, "Tayuan Diplomatic Compound", "E", 1),
    _p("CHN", "Урумчи", "Ürümqi", 43.8256, 87.6168, "Hetan North Road", "C", 1),
    _p("CHN", "Гуанчжоу", "Guangzhou", 23.1291, 113.2644, "Tianhe Road", "C", 1),
    _p("SAU", "Эр-Рияд", "Riyadh", 24.7136, 46.6753, "Diplomatic Quarter", "E", 1),
    _p("SAU", "Джидда", "Jeddah", 21.4858, 39.1925, "Al Andalus Road", "C", 1),
    _p("UZB", "Ташкент", "Ташкент", 41.2995, 69.2401, "", "E", 1),
    _p("TJK", "Душанбе", "Душанбе", 38.5598, 68.7870, "", "E", 1),
    _p("JPN", "Токио", "Tokyo", 35.6762, 139.6503, "Meguro-dori", "E", 1),
    _p("FRA", "Париж", "Paris", 48.8566, 2.3522, "Rue de Lota", "E", 1),
    _p("BLR", "Минск", "Минск", 53.9006, 27.5590, "", "E", 1),
    _p("AZE", "Баку", "Баку", 40.4093, 49.8671, "", "E", 1),
    _p("TKM", "Ашхабад", "Ашхабад", 37.9601, 58.3261, "", "E", 1),
    _p("IND", "Нью-Дели", "New Delhi", 28.6139, 77.2090, "Vasant Vihar", "E", 1),
    _p("PAK", "Исламабад", "Islamabad", 33.6844, 73.0479, "Street 26, F-6/2", "E", 1),
    _p("IRN", "Тегеран", "Tehran", 35.6892, 51.3890, "Pasdaran Ave", "E", 1),
    _p("KWT", "Эль-Кувейт", "Kuwait City", 29.3759, 47.9774, "Gulf Road", "E", 1),
    _p("QAT", "Доха", "Doha", 25.2854, 51.5310, "West Bay", "E", 1),
    _p("MYS", "Куала-Лумпур", "Kuala Lumpur", 3.1390, 101.6869, "Jalan Ampang", "E", 1),
    _p("AUT", "Вена", "Wien", 48.2082, 16.3738, "Naaffgasse", "E", 1),
    _p("CHE", "Женева", "Genève", 46.2044, 6.1432, "Rue du Valais", "C", 1),
    _p("BEL", "Брюссель", "Bruxelles", 50.8503, 4.3517, "Rue de l'Abbaye", "E", 1),
    _p("CZE", "Прага", "Praha", 50.0755, 14.4378, "Jaromírova", "H", 1),
    _p("POL", "Варшава", "Warszawa", 52.2297, 21.0122, "ul. Marszałkowska", "H", 1),
    _p("ESP", "Мадрид", "Madrid", 40.4168, -3.7038, "Calle de Alcalá", "H", 1),
    _p("SWE", "Стокгольм", "Stockholm", 59.3293, 18.0686, "Sveavägen", "H", 1),
    _p("CAN", "Торонто", "Toronto, ON", 43.6532, -79.3832, "Yonge Street", "H", 1),
    _p("EGY", "Каир", "Cairo", 30.0444, 31.2357, "El Nil Street", "E", 1),
    _p("HUN", "Будапешт", "Budapest", 47.4979, 19.0402, "Andrássy út", "H", 1),
)
