"""Latin spellings of register names, as passports, banks and filers write them.

Kyrgyz passports romanise ``ж`` as ``zh``, ``х`` as ``kh``, ``ң`` as ``ng`` and fold ``ө``,
``ү`` onto ``o``, ``u``. A filer copying a donor's name from a passport writes it so; the
screening must still match it to the Cyrillic register name (``rules.md``,
``DONOR_NAME_MISMATCH``), so these spellings are near misses that must not fire.
"""

from __future__ import annotations

LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


def latin(text: str) -> str:
    """``text`` in passport Latin: each word capitalised as written (``Жээнбеков`` ->
    ``Zheenbekov``), anything that is not Cyrillic kept as it is."""
    out: list[str] = []
    for ch in text:
        low = ch.lower()
        if low in LATIN:
            spelled = LATIN[low]
            out.append(spelled.capitalize() if ch != low else spelled)
        else:
            out.append(ch)
    return "".join(out)
