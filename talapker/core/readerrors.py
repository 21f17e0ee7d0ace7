"""Why a document cannot be read, in the reader's language.

Python's json and csv modules and the expat XML parser explain a syntax error in English
("Expecting ',' delimiter: line 3 column 7 (char 41)", "unclosed token"). Their messages are
few and fixed, so each maps onto a text of ours that gettext translates; line and column are
given as numbers. A message not mapped (a newer Python's) is passed on as it is.
"""

from __future__ import annotations

import csv
import json
import re

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Python's message (json.JSONDecodeError.msg) -> ours.
REASONS: dict[str, Promise] = {
    "Expecting value": gettext_lazy("a value is expected"),
    "Expecting ',' delimiter": gettext_lazy("a comma (,) is expected"),
    "Expecting ':' delimiter": gettext_lazy("a colon (:) is expected"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "a key in double quotes is expected"
    ),
    "Unterminated string starting at": gettext_lazy("a string is not closed"),
    "Invalid control character at": gettext_lazy("a string holds a control character"),
    "Invalid \\escape": gettext_lazy("a string holds an escape (\\) that JSON does not have"),
    "Invalid \\uXXXX escape": gettext_lazy("a \\u escape needs four hexadecimal digits"),
    "Extra data": gettext_lazy("more text follows the end of the document"),
    # Python 3.13 and later
    "Illegal trailing comma before end of object": gettext_lazy(
        "a comma stands before the end of an object"
    ),
    "Illegal trailing comma before end of array": gettext_lazy(
        "a comma stands before the end of an array"
    ),
}
# Not syntax errors, but values the readers refuse (core/exactjson.py): NaN and Infinity
# (not JSON), and integers of thousands of digits (Python's limit on converting them).
CONSTANT = "is not a number JSON allows"
DIGITS = "Exceeds the limit"


def json_reason(message: str, column: int | None = None) -> str:
    """Python's message about a JSON document, as our text in the active language."""
    if message in REASONS:
        reason = str(REASONS[message])
    elif message.endswith(CONSTANT):
        reason = _("“NaN” and “Infinity” are not numbers in JSON")
    elif message.startswith(DIGITS):
        reason = _("a number has too many digits")
    else:
        reason = _("the document cannot be read")
    if column is None:
        return reason
    return _("%(reason)s (column %(column)s)") % {"reason": reason, "column": column}


def json_error_text(err: json.JSONDecodeError) -> str:
    """A syntax error as one sentence in the active language, with its line and column."""
    return _("not valid JSON at line %(line)s, column %(column)s: %(reason)s") % {
        "line": err.lineno,
        "column": err.colno,
        "reason": json_reason(err.msg),
    }


# The csv module's messages (csv.Error); the first one names the characters it met.
CSV_EXPECTED = re.compile(r"^'(.)' expected after '(.)'$")
CSV_REASONS: dict[str, Promise] = {
    "unexpected end of data": gettext_lazy("the file ends inside a quoted value"),
    "line contains NUL": gettext_lazy("a line contains the character NUL"),
}


def csv_reason(err: csv.Error | str) -> str:
    """The csv module's English reason, as our text in the active language."""
    message = str(err)
    expected = CSV_EXPECTED.match(message)
    if expected:
        return _("“%(expected)s” is expected after “%(found)s”") % {
            "expected": expected.group(1),
            "found": expected.group(2),
        }
    if message.startswith("field larger than field limit"):
        return _("a value is longer than the longest accepted")
    if message.startswith("new-line character seen in unquoted field"):
        return _("a line break inside a value that is not in quotes")
    return str(CSV_REASONS.get(message, message))


# expat's messages (xml.parsers.expat.errors) that a damaged or foreign file meets.
XML_REASONS: dict[str, Promise] = {
    "unclosed token": gettext_lazy("the document ends inside a tag or a value"),
    "not well-formed (invalid token)": gettext_lazy("a character XML does not allow here"),
    "mismatched tag": gettext_lazy("a closing tag does not match the tag it closes"),
    "no element found": gettext_lazy("the document ends before its elements are closed"),
    "junk after document element": gettext_lazy("text follows the end of the document"),
    "syntax error": gettext_lazy("the document is not XML"),
    "undefined entity": gettext_lazy("an entity that is not defined"),
    "unbound prefix": gettext_lazy("a namespace prefix that is not declared"),
    "duplicate attribute": gettext_lazy("an attribute appears twice in one tag"),
    "unclosed CDATA section": gettext_lazy("a CDATA section is not closed"),
    "partial character": gettext_lazy("the document ends inside a character"),
    "reference to invalid character number": gettext_lazy(
        "a reference to an invalid character, one XML does not allow"
    ),
    "XML or text declaration not at start of entity": gettext_lazy(
        "the XML declaration is not at the start of the file"
    ),
}


def xml_reason(message: str) -> str:
    """expat's English reason, as our text in the active language."""
    return str(XML_REASONS.get(message, message))
