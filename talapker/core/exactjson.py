"""JSON as the platform reads it from outside: numbers exact, every string real Unicode.

`json.loads` alone turns `0.5` into a float, accepts `NaN` and `Infinity`, and accepts the
escape `"\\ud800"`, which yields a str holding a lone UTF-16 surrogate: text that cannot be
encoded as UTF-8, so it fails later and far from the reader (hashing, the database, the
response). So every reader of JSON parses through `loads`, then asks `surrogates` where such
a string is and refuses the document with its own kind of problem. YAML has the same escape,
so the election folder asks the same question of what YAML gave it.

`escaped` writes a text with its surrogates as `\\udXXX`, for messages that quote a value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

# A code point of U+D800..U+DFFF never stands alone in text; in a Python str it can only come
# from an escape such as JSON's "\ud800" (strict UTF-8 decoding refuses the encoded form).
SURROGATE = re.compile("[\ud800-\udfff]")

Path = tuple[str | int, ...]  # object keys and array indexes, from the document's root

# What every reader says when it refuses one (`codepoint` as four hex digits: D800).
LONE_SURROGATE = gettext_lazy(
    "the text contains U+%(codepoint)s, half of a UTF-16 surrogate pair on its own, which is "
    "not a character"
)


def loads(
    text: str, *, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None
) -> Any:
    """The document, with every number that has a fraction or an exponent as an exact
    Decimal (never a float). `NaN`, `Infinity` and `-Infinity` raise ValueError: JSON has no
    such numbers. Malformed JSON raises json.JSONDecodeError (a ValueError), a document nested
    too deeply RecursionError. Strings may still hold lone surrogates: ask `surrogates`."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=_no_constant,
        object_pairs_hook=object_pairs_hook,
    )


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def surrogate(text: str) -> str | None:
    """The first lone surrogate in a text, or None."""
    found = SURROGATE.search(text)
    return found.group() if found else None


def escaped(text: str) -> str:
    """The text with each surrogate written as `\\udXXX`, so it can be shown and encoded."""
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def surrogates(value: object) -> Iterator[tuple[Path, int]]:
    """Where parsed JSON (or YAML) holds a lone surrogate, in document order: the path of
    each string or object key holding one (a key is its own last step) and the code point
    of its first surrogate. The walk keeps its own stack, so the deepest document a parser
    accepted cannot exhaust Python's."""
    stack: list[tuple[Path, object]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            bad = surrogate(item)
            if bad is not None:
                yield path, ord(bad)
        elif isinstance(item, Mapping):
            children: list[tuple[Path, object]] = []
            for key, child in item.items():
                step = key if isinstance(key, str) else str(key)
                bad = surrogate(step)
                if bad is not None:
                    yield (*path, step), ord(bad)
                children.append(((*path, step), child))
            stack.extend(reversed(children))
        elif isinstance(item, list | tuple):
            stack.extend(reversed([((*path, index), child) for index, child in enumerate(item)]))


def dotted(path: Path) -> str:
    """A path as the platform's problems name a place: `contributions[3].description`,
    `rules.seats`; surrogates in keys are written escaped."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + escaped(step)
    return text
