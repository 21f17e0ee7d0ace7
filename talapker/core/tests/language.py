"""A check for tests: does a text meant for a Kyrgyz or Russian reader hold English words?

The same rules as the pages' check (tests/test_languages.py), for plain text such as an API
problem: a Latin word is English unless it is a code (it holds a digit or an underscore, or
is an acronym or a program's identifier: IBAN, MT940, JSON, DTDForbidden), a file name, an
XML path or an address, a value the sender wrote (quoted back “…” or «…»), an XML element
named as <Stmt>, or on the test's allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CODE = re.compile(r"[\d_]")
ACRONYM = re.compile(r"^[A-Z]+$")  # also one letter: MT940's C and D marks
QUOTED = re.compile(r"“[^”]*”|«[^»]*»")
ADDRESS = re.compile(
    r"\S+@\S+|https?://\S+|\S+\.(?:csv|xlsx|pdf|json|xml|sta|txt|md)\b|<[A-Za-z]+>", re.I
)
PATH = re.compile(r"[A-Za-z]/[A-Za-z]")  # an XML path: Id/Othr/Id
IDENTIFIER = re.compile(r".[A-Z]")  # a capital inside a word: a program's name (DTDForbidden)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ALWAYS = frozenset({"camt"})  # ISO 20022's own lower-case name of the statement format


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin words in `text` that are not codes, names, quoted input or allowed."""
    allow = ALWAYS | set(allowed)
    found = []
    for token in QUOTED.sub(" ", ADDRESS.sub(" ", text)).split():
        if CODE.search(token) or PATH.search(token):
            continue
        for word in LATIN_WORD.findall(token):
            word = word.strip("'’-")
            if (
                word
                and word not in allow
                and not ACRONYM.match(word)
                and not IDENTIFIER.search(word)
            ):
                found.append(word)
    return found
