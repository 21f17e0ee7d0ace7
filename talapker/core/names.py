"""Script-insensitive name keys, so that Kyrgyz Cyrillic, Russian Cyrillic and Latin
spellings of one name meet (kg-election-law.md, section 9).

The key is a loose Latin spelling: Kyrgyz letters fold onto their nearest Latin letter
(ө→o, ү→u, ң→n), the variant spellings of passports and banks collapse (zh/dzh/j, kh/h,
ya/ia, yu/iu, y/i), doubled letters collapse (Жээнбеков = Jeenbekov = Zheenbekov), and
punctuation becomes a space. The key finds candidates; a PIN decides; a similarity score on
keys (0-100) confirms or flags.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ү": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ұ": "u",
    "һ": "h",
    "ў": "u",
    "ҳ": "h",
}
LATIN_SPECIAL = {"ç": "ch", "ş": "sh", "ñ": "n", "ğ": "g", "ı": "i", "ə": "a"}
# Applied in order to the Latin spelling: the variants that passports and banks use.
VARIANTS = (
    ("shch", "sh"),
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("x", "ks"),
    ("w", "v"),
    ("q", "k"),
    ("y", "i"),
    ("'", ""),
)
NG = re.compile(r"ng+")  # ң, нг, ng and ngg are one sound in the sources
WORD_START_IE = re.compile(r"\bi(?=e)")
REPEATS = re.compile(r"(.)\1+")
NON_WORD = re.compile(r"[^a-z0-9]+")

# Legal forms as people write them (Kyrgyz, Russian, English, Uzbek); compared by their key,
# computed below with the same folding as names, so that ОсОО, OsOO and Osoo all meet.
LEGAL_FORMS = (
    "ОсОО",
    "ОАО",
    "ЖЧК",
    "ООО",
    "ЗАО",
    "АО",
    "ПАО",
    "ИП",
    "ЖИ",
    "КФ",
    "ОФ",
    "LLC",
    "Ltd",
    "JSC",
    "OJSC",
    "CJSC",
    "Inc",
    "GmbH",
    "KO",
    "MChJ",
    "JAK",
)


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    text = unicodedata.normalize("NFC", word).lower()
    text = "".join(CYRILLIC.get(ch, LATIN_SPECIAL.get(ch, ch)) for ch in text)
    text = anyascii(text).lower()
    for old, new in VARIANTS:
        text = text.replace(old, new)
    text = NG.sub("n", text)
    text = WORD_START_IE.sub("", text)
    text = NON_WORD.sub(" ", text)
    return REPEATS.sub(r"\1", text).strip()


def name_key(*parts: str | None) -> str:
    """The matching key of a name given in one or more parts (surname, name, patronymic)."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(w for w in (_word_key(p) for p in part.split()) if w)
    return " ".join(" ".join(words).split())


@lru_cache(maxsize=1)
def _legal_form_keys() -> frozenset[str]:
    return frozenset(_word_key(form) for form in LEGAL_FORMS)


def entity_name_key(name: str) -> str:
    """The matching key of a legal entity's name, without its legal form and quotes.

    Legal forms are compared by key, after the same folding and collapsing of doubled
    letters as the name itself: ОсОО and OsOO both fold to the key of the form."""
    forms = _legal_form_keys()
    return " ".join(w for w in name_key(name).split() if w not in forms)


def name_similarity(a: str, b: str) -> float:
    """Similarity 0-100 of two names in any script, insensitive to word order."""
    return float(fuzz.token_sort_ratio(name_key(a), name_key(b)))
