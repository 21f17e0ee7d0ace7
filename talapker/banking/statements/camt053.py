"""ISO 20022 camt.053 bank-to-customer statements, versions .001.02 to .001.12.

One streaming pass, defensive from its first byte:

1. `defusedxml`'s parser reads the whole file with DTDs, entity declarations and external
   references forbidden, so a DOCTYPE (internal entities, billion laughs, an external DTD or
   entity) is refused before anything is expanded or fetched: a DOCTYPE can only come before
   the first element, so nothing below is ever reached for such a file. The same pass caps
   the nesting depth and the number of entries and notes the line of each `Stmt` and `Ntry`.
2. The camt.053 `Document` is the root, or sits inside an envelope that carries the SWIFT
   business application header (`<Envelope xmlns="urn:swift:xsd:envelope">`, `DataPDU`,
   `BizMsg`... holding `AppHdr` and `Document`, as CBPR+ and SWIFTNet send it): the first
   ISO 20022 `Document` is the message; the header is not read. Another ISO 20022 message
   (pain.001, camt.052 ...) is refused naming it.
3. Each `Ntry` is checked against the schema of the version the namespace names when its end
   tag is read, mapped to statement lines and dropped, so memory holds one entry, not the
   file; each `Stmt` likewise when it ends. The schema is the typed model pyiso20022 ships
   for that version, read through xsdata's metadata once per version (`_spec`): an element
   the schema does not have there, a required element missing, an element repeated that may
   appear once, and a value its type cannot take (a date, an amount, a code) are refused
   naming the element and the line where it is (a second, plain pass finds that line, only
   when a file is refused).

Mapping, for every `Stmt` in file order (one `Statement` each: days of one account, pages,
several accounts): account `Acct/Id/Othr/Id` (Kyrgyz 16-digit accounts) or `Acct/Id/IBAN`;
currency `Acct/Ccy`, else the balances'; sequence `ElctrncSeqNb`, else `LglSeqNb`; balances
`OPBD` (or `PRCD`) and `CLBD` (where a bank states them by value date, CLBD plus the
entries valued after it, checked against FWAV: `_booked_closing`); a statement without
entries is a balance report. For each booked `Ntry`: `Amt` and `CdtDbtInd`; booking date
`BookgDt`, else the value date `ValDt` (BookgDt is optional from .08; MT940's entry date is
optional too); reference
`Ntry/AcctSvcrRef`, else `TxDtls/Refs/AcctSvcrRef`, `NtryRef`, `Refs/TxId`,
`Refs/EndToEndId` ("" where there is none, NOTPROVIDED being none); every reference the
entry and its transaction carry (`AcctSvcrRef`, `NtryRef`, and each of `Refs`: `MsgId`,
`InstrId`, `EndToEndId`, `UETR`, `TxId`, `MndtId`, `ChqNb`...) in `references`; counterparty
`RltdPties/Dbtr` with `DbtrAcct` on a credit, `Cdtr` with `CdtrAcct` on a debit (inside
`Pty` from .07; name `Nm`, id `Id/PrvtId/Othr/Id` or `Id/OrgId/Othr/Id`); purpose
`RmtInf/Ustrd`, else `AddtlTxInf`, else `AddtlNtryInf`. A batch entry with several `TxDtls`
becomes one line per transaction when each carries its own amount and they add up to the
entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from xsdata.formats.dataclass.context import XmlContext
from xsdata.models.datatype import XmlDate, XmlDateTime, XmlPeriod

from talapker.core.errors import InputError
from talapker.core.readerrors import xml_reason

from .checks import DEFAULT_LIMITS, Limits, money
from .model import Statement, StatementLine
from .registry import StatementFormat, register

NAME = "camt.053"
ISO_NAMESPACE = re.compile(
    r"urn:iso:std:iso:20022:tech:xsd:(?P<message>[a-z]{4}\.\d{3})\.001\.(?P<version>\d{2})"
)
VERSIONS = range(2, 13)  # the camt.053.001.NN modules pyiso20022 ships, from .02 on
MAX_DEPTH = 40  # camt.053 nests about 15 deep, an envelope adds a few
NO_REFERENCE = "NOTPROVIDED"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What expat raises (a ValueError) for a declared encoding such as Shift JIS or GBK.
EXPAT_MULTIBYTE = "multi-byte encodings are not supported"


def sniff(data: bytes) -> bool:
    """An XML file: it starts with `<` (after a byte-order mark and white space)."""
    if data.startswith(UTF16_BOMS):
        return data[2:].replace(b"\x00", b"").lstrip().startswith(b"<")
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def parse(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Statement, ...]:
    """Every statement (`Stmt`) of a camt.053 file, in file order."""
    reader = _Reader(name, limits)
    parser = DefusedXMLParser(
        target=reader, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    reader.expat = parser.parser
    try:
        parser.feed(data)
        parser.close()
    except _Refusal as refusal:
        raise InputError(name, refusal.reason, line=refusal.line) from None
    except _SchemaError as err:
        reason = _("not a valid camt.053.001.%(version)s document: %(error)s") % {
            "version": f"{reader.version:02d}",
            "error": err.reason,
        }
        where = _locate(data, err.start, err.path)
        raise InputError(name, reason, line=where or err.line or None) from None
    except DefusedXmlException as err:
        raise InputError(
            name,
            _(
                "the XML declares a DTD or entities (%(what)s); they are refused unread, to "
                "keep out entity expansion and external files"
            )
            % {"what": type(err).__name__},
            line=reader.line(),
        ) from None
    except ParseError as err:
        raise InputError(
            name,
            _("not well-formed XML: %(error)s")
            % {"error": xml_reason(expat.ErrorString(err.code))},
            line=err.position[0],
        ) from None
    except (UnicodeError, LookupError) as err:  # a declared encoding that does not decode
        raise InputError(
            name, _("not readable as XML: %(error)s") % {"error": type(err).__name__}
        ) from None
    except ValueError as err:  # expat reads no multi-byte encoding but UTF-8 and UTF-16
        if str(err) != EXPAT_MULTIBYTE:
            raise
        raise InputError(
            name,
            _(
                "not readable as XML: the file declares a multi-byte encoding other than "
                "UTF-8 and UTF-16; send it in UTF-8"
            ),
            line=1,
        ) from None
    return reader.finish()


# 1. The streaming pass ----------------------------------------------------------------------


class _Refusal(Exception):
    """Stops the stream at the first problem; carries the reason and line."""

    def __init__(self, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class _SchemaError(Exception):
    """An element the schema refuses: the reason, and where (the path of (tag, ordinal)
    below the element that starts at byte `start`, at `line`)."""

    def __init__(self, reason: str, path: list[tuple[str, int]] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path or []
        self.start = -1
        self.line = 0


class _Reader(TreeBuilder):
    """The parser's target: builds one entry at a time and maps it as its end tag is read."""

    def __init__(self, name: str, limits: Limits) -> None:
        super().__init__()
        self.name, self.limits = name, limits
        self.expat: Any = None
        self.depth = 0
        self.root = self.root_namespace = ""
        self.document_depth = 0  # the depth of the camt.053 Document, 0 until it is found
        self.document_done = False
        self.version = 0
        self.names: dict[str, str] = {}
        self.statements: list[Statement] = []
        self.containers: dict[int, tuple[Element, int, int]] = {}  # depth -> element, line, byte
        self.entries: list[StatementLine] = []
        self.entry_count = 0  # of this Stmt
        self.total_entries = 0
        self.entry_at = (0, 0)  # line and byte of the Ntry being read
        self.in_statement = False  # inside a Stmt (not the group header)

    def line(self) -> int | None:
        return int(self.expat.CurrentLineNumber) if self.expat is not None else None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        depth = self.depth = self.depth + 1
        if depth > MAX_DEPTH:
            raise _Refusal(
                _("the XML is nested deeper than %(depth)s levels") % {"depth": MAX_DEPTH},
                self.line(),
            )
        element = TreeBuilder.start(self, tag, attrs)
        document = self.document_depth
        if document and not self.document_done:
            if depth == document + 3 and tag == self.names["Ntry"] and self.in_statement:
                self.entry_at = (self.line() or 0, self.expat.CurrentByteIndex)
                self.entry_count += 1
                self.total_entries += 1
                if self.total_entries > self.limits.max_lines:
                    raise _Refusal(
                        _(
                            "the statement has more than %(most)s entries; at most %(most)s "
                            "are accepted in one file"
                        )
                        % {"most": f"{self.limits.max_lines:,}"},
                        self.line(),
                    )
            elif depth <= document + 2:
                self.containers[depth] = (element, self.line() or 0, self.expat.CurrentByteIndex)
                self.in_statement = depth == document + 2 and tag == self.names["Stmt"]
                if self.in_statement:
                    self.entries, self.entry_count = [], 0
        else:
            self._find_document(tag, depth, element)
        return element

    def _find_document(self, tag: str, depth: int, element: Element) -> None:
        namespace, _brace, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if depth == 1:
            self.root, self.root_namespace = local, namespace
            if local == "Document" and not namespace.startswith("urn:iso:std:iso:20022:"):
                raise _Refusal(_version_refusal(local, namespace), self.line())
        match = ISO_NAMESPACE.fullmatch(namespace)
        if match is None:
            if depth == 1 and namespace.startswith("urn:iso:std:iso:20022:"):
                raise _Refusal(_version_refusal(local, namespace), self.line())
            return
        if local != "Document":
            if depth == 1:  # an ISO 20022 message that is not a Document: say what it is
                raise _Refusal(_version_refusal(local, namespace), self.line())
            return  # the application header (head.001) beside the Document
        if self.document_done:
            raise _Refusal(
                _("the envelope <%(root)s> holds more than one ISO 20022 Document")
                % {"root": self.root},
                self.line(),
            )
        self.version = _version(match, local, self.line())
        self.document_depth = depth
        self.names = _names(namespace)
        self.containers[depth] = (element, self.line() or 0, self.expat.CurrentByteIndex)

    def end(self, tag: str) -> Element:
        element = TreeBuilder.end(self, tag)
        depth, self.depth = self.depth, self.depth - 1
        document = self.document_depth
        if not document or self.document_done:
            if depth > 1:
                element.clear()  # the envelope around the Document is not read
            return element
        if depth == document + 3 and tag == self.names["Ntry"] and self.in_statement:
            stmt, _line, _byte = self.containers[document + 2]
            self._entry(element)
            del stmt[-1]  # read: let it go
        elif depth == document + 3 and self.containers[document + 2][0].tag == self.names["Stmt"]:
            self._header_part(element)  # a balance, the account...: checked in file order
        elif depth == document + 2 and tag == self.names["Stmt"]:
            holder, _line, _byte = self.containers[document + 1]
            self._statement(element)
            del holder[-1]
        elif depth == document:
            self._document(element)
            self.document_done = True
        return element

    def _checked(self, element: Element, spec: _Spec, at: tuple[int, int], **kw: Any) -> None:
        try:
            _check(element, spec, **kw)
        except _SchemaError as err:
            err.line, err.start = at
            raise

    def _entry(self, element: Element) -> None:
        spec = _spec(self.version, "Ntry")
        self._checked(element, spec, self.entry_at)
        line, _byte = self.entry_at
        self.entries.extend(_entry_lines(self, element, self.entry_count, len(self.entries), line))

    def _header_part(self, element: Element) -> None:
        stmt, line, byte = self.containers[self.document_depth + 2]
        known = _spec(self.version, "Stmt").children.get(element.tag)
        if known is not None and known[0] is not None:
            try:
                _check(element, known[0])
            except _SchemaError as err:
                err.path.insert(0, (element.tag, _ordinal(stmt, element)))
                err.line, err.start = line, byte
                raise

    def _statement(self, element: Element) -> None:
        _element, line, byte = self.containers[self.document_depth + 2]
        self._checked(element, _spec(self.version, "Stmt"), (line, byte))
        self.statements.append(_statement(self, element, tuple(self.entries), line))
        self.entries = []

    def _document(self, element: Element) -> None:
        _element, line, byte = self.containers[self.document_depth]
        done = frozenset({self.names["Stmt"]}) if self.statements else frozenset()
        self._checked(element, _spec(self.version, "Document"), (line, byte), done=done)

    def finish(self) -> tuple[Statement, ...]:
        if not self.document_depth:
            raise InputError(self.name, self._root_refusal())
        if not self.statements:
            raise InputError(self.name, _("the document holds no statement (Stmt)"))
        return tuple(self.statements)

    def _root_refusal(self) -> str:
        return _version_refusal(self.root, self.root_namespace)

    def refuse(self, reason: str, line: int | None) -> InputError:
        return InputError(self.name, reason, line=line or None)


def _version_refusal(local: str, namespace: str) -> str:
    """Why a root element (or an ISO 20022 message other than camt.053) is not accepted."""
    match = ISO_NAMESPACE.fullmatch(namespace)
    if match:
        message = match.group("message")
        if message != "camt.053":
            return _("this is an ISO 20022 %(message)s message, not a camt.053 bank statement") % {
                "message": message
            }
        return _("the root element is <%(root)s>, not <Document>") % {"root": local}
    if namespace:
        reason = _(
            "not an ISO 20022 camt.053 statement: the root element <%(root)s> has "
            "namespace '%(namespace)s'"
        )
    else:
        reason = _(
            "not an ISO 20022 camt.053 statement: the root element <%(root)s> has no namespace"
        )
    return reason % {"root": local, "namespace": namespace}


def _version(match: re.Match[str], local: str, line: int | None) -> int:
    """The camt.053 version a Document declares; _Refusal for anything else."""
    message, version = match.group("message"), int(match.group("version"))
    if message != "camt.053":
        raise _Refusal(
            _("this is an ISO 20022 %(message)s message, not a camt.053 bank statement")
            % {"message": message},
            line,
        )
    if version not in VERSIONS:
        raise _Refusal(
            _(
                "camt.053.001.%(version)s is not accepted; versions .001.%(first)s to "
                ".001.%(last)s are"
            )
            % {
                "version": f"{version:02d}",
                "first": f"{VERSIONS[0]:02d}",
                "last": f"{VERSIONS[-1]:02d}",
            },
            line,
        )
    return version


_NAMES: dict[str, dict[str, str]] = {}
_LOCAL_NAMES = (
    "Document",
    "BkToCstmrStmt",
    "Stmt",
    "Ntry",
    "Id",
    "ElctrncSeqNb",
    "LglSeqNb",
    "Acct",
    "Othr",
    "IBAN",
    "Ccy",
    "Bal",
    "Tp",
    "CdOrPrtry",
    "Cd",
    "Prtry",
    "Amt",
    "CdtDbtInd",
    "Dt",
    "DtTm",
    "Sts",
    "BookgDt",
    "ValDt",
    "AcctSvcrRef",
    "NtryRef",
    "NtryDtls",
    "TxDtls",
    "Refs",
    "RltdPties",
    "Dbtr",
    "Cdtr",
    "DbtrAcct",
    "CdtrAcct",
    "Pty",
    "Nm",
    "PrvtId",
    "OrgId",
    "RmtInf",
    "Ustrd",
    "AddtlTxInf",
    "AddtlNtryInf",
    "AmtDtls",
    "TxAmt",
    "TxId",
    "EndToEndId",
)


def _names(namespace: str) -> dict[str, str]:
    """The qualified tags (`{namespace}Local`) the mapping reads, once per namespace."""
    names = _NAMES.get(namespace)
    if names is None:
        names = _NAMES[namespace] = {local: f"{{{namespace}}}{local}" for local in _LOCAL_NAMES}
    return names


# 2. The schema ------------------------------------------------------------------------------

Leaf = Callable[[str], None] | None  # checks a value (ValueError: what it is not); None: text


@dataclasses.dataclass(eq=False)
class _Spec:
    """What one element type of the schema may hold, compiled from xsdata's metadata."""

    children: dict[str, tuple[_Spec | None, Leaf, bool]] = dataclasses.field(
        default_factory=dict
    )  # tag -> (complex type, or the leaf's check; may repeat)
    required: frozenset[str] = frozenset()
    text: Leaf = None
    has_text: bool = False
    attributes: tuple[str, ...] = ()  # the required attributes
    wildcard: bool = False  # any content (SupplementaryData's envelope): not looked into


_SPECS: dict[tuple[int, str], _Spec] = {}
_CONTEXT = XmlContext()


def _spec(version: int, what: str) -> _Spec:
    """The compiled schema of `Document`, `Stmt` or `Ntry` for a version (built once)."""
    key = (version, what)
    spec = _SPECS.get(key)
    if spec is None:
        module = importlib.import_module(f"pyiso20022.camt.camt_053_001_{version:02d}")
        cache: dict[type, _Spec] = {}
        document = _compile(module.Document, cache)
        stmt = document.children[f"{{{_namespace(version)}}}BkToCstmrStmt"][0]
        assert stmt is not None
        statement = stmt.children[f"{{{_namespace(version)}}}Stmt"][0]
        assert statement is not None
        entry = statement.children[f"{{{_namespace(version)}}}Ntry"][0]
        assert entry is not None
        _SPECS[(version, "Document")] = document
        _SPECS[(version, "Stmt")] = statement
        _SPECS[(version, "Ntry")] = entry
        spec = _SPECS[key]
    return spec


def _namespace(version: int) -> str:
    return f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02d}"


def _compile(clazz: type, cache: dict[type, _Spec]) -> _Spec:
    known = cache.get(clazz)
    if known is not None:
        return known
    spec = cache[clazz] = _Spec()
    meta = _CONTEXT.build(clazz)
    spec.wildcard = bool(meta.wildcards)
    required = set()
    for tag, variables in meta.elements.items():
        var = variables[0]
        if var.clazz is not None:
            spec.children[tag] = (_compile(var.clazz, cache), None, var.list_element)
        else:
            spec.children[tag] = (None, _leaf(var.types), var.list_element)
        if var.required:
            required.add(tag)
    spec.required = frozenset(required)
    if meta.text is not None:
        spec.has_text = True
        spec.text = _leaf(meta.text.types)
    spec.attributes = tuple(a.local_name for a in meta.attributes.values() if a.required)
    return spec


def _leaf(types: Sequence[type]) -> Leaf:
    """The check of a simple value of these types; ValueError names what it is not."""
    kind = types[0] if len(types) == 1 else None
    if kind is str:
        return None
    if isinstance(kind, type) and issubclass(kind, Enum):
        codes = frozenset(str(member.value) for member in kind)
        shown = ", ".join(sorted(codes)) if len(codes) <= 8 else ""

        def code(value: str) -> None:
            if value not in codes:
                if shown:
                    raise ValueError(
                        pgettext("what a value is not", "one of %(codes)s") % {"codes": shown}
                    )
                raise ValueError(pgettext("what a value is not", "a code of this element"))

        return code
    # lazy: the checks are compiled once per version, the message read in each request's language
    simple: dict[Any, tuple[Callable[[str], object], Any]] = {
        Decimal: (Decimal, pgettext_lazy("what a value is not", "an amount")),
        XmlDate: (_xml_date, pgettext_lazy("what a value is not", "a date")),
        XmlDateTime: (
            XmlDateTime.from_string,
            pgettext_lazy("what a value is not", "a date and time"),
        ),
        int: (int, pgettext_lazy("what a value is not", "a whole number")),
        bool: (_boolean, pgettext_lazy("what a value is not", "true or false")),
        XmlPeriod: (XmlPeriod, pgettext_lazy("what a value is not", "a year, month or day")),
    }
    convert, name = simple.get(kind, (_anything, getattr(kind, "__name__", "")))

    def check(value: str) -> None:
        try:
            convert(value.strip())
        except (ValueError, InvalidOperation, ArithmeticError):
            raise ValueError(str(name)) from None

    return check


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _xml_date(value: str) -> dt.date:
    """An xs:date; the common `YYYY-MM-DD` without xsdata's general parser (a quarter of
    the time spent on an entry), anything else (a time zone, a year past 9999) with it."""
    if len(value) == 10 and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    parsed = XmlDate.from_string(value)
    return dt.date(parsed.year, parsed.month, parsed.day)


def _boolean(value: str) -> bool:
    if value not in ("true", "false", "1", "0"):
        raise ValueError(value)
    return value in ("true", "1")


def _anything(value: str) -> str:
    return value


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _check(element: Element, spec: _Spec, done: frozenset[str] = frozenset()) -> None:
    """Refuse (`_SchemaError`) what the schema does not allow in `element` and below."""
    if spec.wildcard:
        return
    children = spec.children
    seen: dict[str, int] = {}
    for child in element:
        tag = child.tag
        known = children.get(tag)
        if known is None:
            raise _SchemaError(
                _("the element <%(element)s> is not part of <%(parent)s> in this format")
                % {"element": _local(tag), "parent": _local(element.tag)},
                [(tag, _ordinal(element, child))],
            )
        count = seen[tag] = seen.get(tag, 0) + 1
        child_spec, leaf, many = known
        if count > 1 and not many:
            raise _SchemaError(
                _("the element <%(element)s> appears more than once in <%(parent)s>")
                % {"element": _local(tag), "parent": _local(element.tag)},
                [(tag, count)],
            )
        if child_spec is not None:
            try:
                _check(child, child_spec)
            except _SchemaError as err:
                err.path.insert(0, (tag, count))
                raise
        else:
            if len(child):
                raise _SchemaError(
                    _("the element <%(element)s> holds elements where a value is expected")
                    % {"element": _local(tag)},
                    [(tag, count)],
                )
            if leaf is not None:
                _value(leaf, child.text or "", tag, [(tag, count)])
    missing = spec.required.difference(seen, done)
    if missing:
        names = [_local(tag) for tag in spec.children if tag in missing]  # in schema order
        if len(names) == 1:
            reason = _("the element <%(element)s> lacks the required <%(missing)s>") % {
                "element": _local(element.tag),
                "missing": names[0],
            }
        else:
            reason = _("the element <%(element)s> lacks the required elements %(missing)s") % {
                "element": _local(element.tag),
                "missing": ", ".join(f"<{name}>" for name in names),
            }
        raise _SchemaError(reason)
    if spec.has_text and spec.text is not None:
        _value(spec.text, element.text or "", element.tag, [])
    for attribute in spec.attributes:
        if attribute not in element.attrib:
            raise _SchemaError(
                _("the element <%(element)s> lacks its required attribute %(attribute)s")
                % {"element": _local(element.tag), "attribute": attribute}
            )


def _value(leaf: Callable[[str], None], text: str, tag: str, path: list[tuple[str, int]]) -> None:
    try:
        leaf(text)
    except ValueError as err:
        raise _SchemaError(
            _("the element <%(element)s> holds “%(value)s”, which is not %(kind)s")
            % {"element": _local(tag), "value": text.strip()[:60], "kind": err},
            path,
        ) from None


def _ordinal(parent: Element, child: Element) -> int:
    count = 0
    for sibling in parent:
        if sibling.tag == child.tag:
            count += 1
        if sibling is child:
            break
    return count


def _locate(data: bytes, start: int, path: list[tuple[str, int]]) -> int | None:
    """The line of the element `path` leads to below the one that starts at byte `start`.

    Run only for a refused file, after the defensive pass has read past any DOCTYPE (so the
    file has none); entities are still not expanded (expat without a DTD knows none)."""
    if start < 0:
        return None
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[tuple[dict[str, int], int]] = []  # per open element: child counts, path depth

    class Found(Exception):
        pass

    def opened(name: str, _attrs: Any) -> None:
        tag = "{" + name if "}" in name else name
        if not stack:
            if parser.CurrentByteIndex == start:
                if not path:
                    raise Found(parser.CurrentLineNumber)
                stack.append(({}, 0))
            return
        counts, matched = stack[-1]
        count = counts[tag] = counts.get(tag, 0) + 1
        if matched >= 0 and matched < len(path) and path[matched] == (tag, count):
            if matched + 1 == len(path):
                raise Found(parser.CurrentLineNumber)
            stack.append(({}, matched + 1))
        else:
            stack.append(({}, -1))

    def closed(_name: str) -> None:
        if stack:
            stack.pop()

    parser.StartElementHandler = opened
    parser.EndElementHandler = closed
    try:
        parser.Parse(data, True)
    except Found as found:
        return int(found.args[0])
    except Exception:
        return None
    return None


# 3. Mapping ---------------------------------------------------------------------------------


def _statement(
    reader: _Reader, stmt: Element, lines: tuple[StatementLine, ...], source_line: int
) -> Statement:
    n = reader.names
    account = _account(stmt.find(n["Acct"]), n)
    if not account:
        raise reader.refuse(_("the statement's account has no Id/Othr/Id or IBAN"), source_line)
    opening, closing, forward = _balances(reader, stmt, source_line)
    closing = _booked_closing(opening, closing, forward, lines)
    currency = _text(stmt, n["Acct"], n["Ccy"])
    if not currency:
        balance = opening or closing
        currency = balance.currency if balance else (lines[0].currency if lines else "")
    mixed = (
        (
            opening,
            _(
                "mixed currencies: the opening balance is in %(balance)s, the account in "
                "%(account)s"
            ),
        ),
        (
            closing,
            _(
                "mixed currencies: the closing balance is in %(balance)s, the account in "
                "%(account)s"
            ),
        ),
    )
    for balance, reason in mixed:
        if balance and balance.currency != currency:
            raise reader.refuse(
                reason % {"balance": balance.currency, "account": currency}, source_line
            )
    return Statement(
        format=NAME,
        account=account,
        currency=currency,
        statement_id=_text(stmt, n["Id"]),
        opening_balance=opening.amount if opening else None,
        opening_date=opening.date if opening else None,
        closing_balance=closing.amount if closing else None,
        closing_date=closing.date if closing else None,
        lines=lines,
        sequence=_text(stmt, n["ElctrncSeqNb"]) or _text(stmt, n["LglSeqNb"]),
        source_line=source_line,
    )


@dataclasses.dataclass(frozen=True)
class _Balance:
    amount: Decimal
    currency: str
    date: dt.date


def _balances(
    reader: _Reader, stmt: Element, source_line: int
) -> tuple[_Balance | None, _Balance | None, _Balance | None]:
    n = reader.names
    by_code: dict[str, _Balance] = {}
    for balance in stmt.iterfind(n["Bal"]):
        code = _text(balance, n["Tp"], n["CdOrPrtry"], n["Cd"])
        if code in ("OPBD", "PRCD", "CLBD", "FWAV") and code not in by_code:
            try:
                amount, currency = _signed(balance, n)
                date = _date(balance.find(n["Dt"]), n)
            except ValueError as err:
                raise reader.refuse(
                    _("balance %(code)s: %(reason)s") % {"code": code, "reason": err},
                    source_line,
                ) from None
            if date is None:
                raise reader.refuse(_("balance %(code)s has no date") % {"code": code}, source_line)
            by_code[code] = _Balance(amount, currency, date)
    forward = by_code.get("FWAV")
    return by_code.get("OPBD") or by_code.get("PRCD"), by_code.get("CLBD"), forward


def _booked_closing(
    opening: _Balance | None,
    closing: _Balance | None,
    forward: _Balance | None,
    lines: tuple[StatementLine, ...],
) -> _Balance | None:
    """The closing balance after every entry of the statement.

    Some banks (PostFinance, after the Swiss Payment Standards) state OPBD and CLBD by value
    date: an entry booked today but valued tomorrow is listed, yet only the forward balance
    (FWAV) holds it. Where the entries valued by the CLBD's date add up to it exactly, and
    all of them to the FWAV where one is given, the balance after every entry is CLBD plus
    the entries valued later; otherwise CLBD as written (and the balance check judges)."""
    if opening is None or closing is None or not lines:
        return closing
    total = sum((line.amount for line in lines), Decimal("0.00"))
    if opening.amount + total == closing.amount:
        return closing
    later = [line for line in lines if line.value_date and line.value_date > closing.date]
    if not later:
        return closing
    valued_later = sum((line.amount for line in later), Decimal("0.00"))
    if opening.amount + total - valued_later != closing.amount:
        return closing
    if forward is not None and forward.amount != opening.amount + total:
        return closing
    return dataclasses.replace(closing, amount=closing.amount + valued_later)


def _entry_lines(
    reader: _Reader, entry: Element, entry_number: int, before: int, source_line: int
) -> list[StatementLine]:
    """The statement lines of one entry: one, or one per transaction of a batch."""
    n = reader.names

    def refuse(reason: str) -> InputError:
        return reader.refuse(
            _("entry %(number)s: %(reason)s") % {"number": entry_number, "reason": reason},
            source_line,
        )

    status_element = entry.find(n["Sts"])
    status = ""
    if status_element is not None:  # a code (.02-.06) or Cd/Prtry (from .07)
        status = (
            _text(status_element, n["Cd"])
            or _text(status_element, n["Prtry"])
            or (status_element.text or "").strip()
        )
    if status != "BOOK":
        if status:
            raise refuse(
                _("status %(status)s; a statement lists booked entries (BOOK) only")
                % {"status": status}
            )
        raise refuse(_("status missing; a statement lists booked entries (BOOK) only"))
    try:
        amount, currency = _signed(entry, n)
        valued = _date(entry.find(n["ValDt"]), n)
        booked = _date(entry.find(n["BookgDt"]), n) or valued
    except ValueError as err:
        raise refuse(str(err)) from None
    if booked is None:
        raise refuse(_("neither the booking date (BookgDt) nor the value date (ValDt) is given"))
    transactions = [
        tx for details in entry.iterfind(n["NtryDtls"]) for tx in details.iterfind(n["TxDtls"])
    ]
    first = transactions[0] if transactions else None
    entry_reference = _first(
        _text(entry, n["AcctSvcrRef"]),
        _text(first, n["Refs"], n["AcctSvcrRef"]),
        _text(entry, n["NtryRef"]),
        _text(first, n["Refs"], n["TxId"]),
        _text(first, n["Refs"], n["EndToEndId"]),
    )
    entry_references = [_text(entry, n["AcctSvcrRef"]), _text(entry, n["NtryRef"])]

    def line(
        number: int, tx: Element | None, line_amount: Decimal, reference: str
    ) -> StatementLine:
        party = _party_and_purpose(tx, entry, line_amount, n)
        return StatementLine(
            number=number,
            booking_date=booked,
            value_date=valued,
            amount=line_amount,
            currency=currency,
            counterparty_name=party.name,
            counterparty_id=party.party_id,
            counterparty_account=party.account,
            reference=reference,
            purpose=party.purpose,
            source_line=source_line,
            references=_references(entry_references, tx, n),
        )

    if len(transactions) <= 1:
        return [line(before + 1, first, amount, entry_reference)]
    try:
        amounts = [_transaction_amount(tx, entry, n) for tx in transactions]
    except ValueError as err:
        raise refuse(_("a transaction of the batch: %(reason)s") % {"reason": err}) from None
    known = [a for a in amounts if a is not None]
    if len(known) != len(amounts) or sum(known) != amount:
        raise refuse(
            _(
                "a batch of %(count)s transactions whose own amounts are missing or do not add "
                "up to the entry's %(amount)s"
            )
            % {"count": len(transactions), "amount": amount}
        )
    return [
        line(
            before + k,
            tx,
            tx_amount,
            _first(
                _text(tx, n["Refs"], n["AcctSvcrRef"]),
                _text(tx, n["Refs"], n["TxId"]),
                _text(tx, n["Refs"], n["EndToEndId"]),
                f"{entry_reference}/{k}" if entry_reference else "",
            ),
        )
        for k, (tx, tx_amount) in enumerate(zip(transactions, known, strict=True), start=1)
    ]


def _references(
    entry_references: list[str], tx: Element | None, n: dict[str, str]
) -> tuple[str, ...]:
    """Every reference of the line: the entry's, then each simple one of the transaction's
    `Refs` in document order; NOTPROVIDED and repeats left out."""
    found = list(entry_references)
    refs = tx.find(n["Refs"]) if tx is not None else None
    if refs is not None:
        found.extend((child.text or "") for child in refs if not len(child))
    out: dict[str, None] = {}
    for value in found:
        text = value.strip()
        if text and text.upper() != NO_REFERENCE:
            out[text] = None
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class _Party:
    name: str
    party_id: str
    account: str
    purpose: str


def _party_and_purpose(
    tx: Element | None, entry: Element, amount: Decimal, n: dict[str, str]
) -> _Party:
    parties = tx.find(n["RltdPties"]) if tx is not None else None
    party = account = None
    if parties is not None:
        role = "Dbtr" if amount > 0 else "Cdtr"
        party, account = parties.find(n[role]), parties.find(n[role + "Acct"])
        wrapped = party.find(n["Pty"]) if party is not None else None
        party = wrapped if wrapped is not None else party  # from .07 on, Pty wraps the party
    purpose = ""
    if tx is not None:
        unstructured = [
            (text.text or "").strip()
            for remittance in tx.iterfind(n["RmtInf"])
            for text in remittance.iterfind(n["Ustrd"])
        ]
        purpose = " ".join(text for text in unstructured if text)
    purpose = purpose or _first(_text(tx, n["AddtlTxInf"]), _text(entry, n["AddtlNtryInf"]))
    return _Party(
        name=_text(party, n["Nm"]),
        party_id=_party_id(party, n),
        account=_account(account, n),
        purpose=purpose,
    )


def _party_id(party: Element | None, n: dict[str, str]) -> str:
    identification = party.find(n["Id"]) if party is not None else None
    if identification is None:
        return ""
    for kind in ("PrvtId", "OrgId"):
        holder = identification.find(n[kind])
        if holder is not None:
            for other in holder.iterfind(n["Othr"]):
                value = _text(other, n["Id"])
                if value:
                    return value
    return ""


def _transaction_amount(tx: Element, entry: Element, n: dict[str, str]) -> Decimal | None:
    """A batch transaction's own signed amount (`Amt` from .04 on, `AmtDtls/TxAmt` before)."""
    holder: Element | None = tx
    if tx.find(n["Amt"]) is None:
        details = tx.find(n["AmtDtls"])
        holder = details.find(n["TxAmt"]) if details is not None else None
        if holder is None or holder.find(n["Amt"]) is None:
            return None
    assert holder is not None
    indicator = _text(tx, n["CdtDbtInd"]) or _text(entry, n["CdtDbtInd"])
    return _signed(holder, n, indicator)[0]


def _account(account: Element | None, n: dict[str, str]) -> str:
    if account is None:
        return ""
    return _text(account, n["Id"], n["Othr"], n["Id"]) or _text(account, n["Id"], n["IBAN"])


def _text(element: Element | None, *tags: str) -> str:
    """The stripped text at the path of `tags` below `element`; "" where there is none."""
    for tag in tags:
        if element is None:
            return ""
        element = element.find(tag)
    if element is None:
        return ""
    return (element.text or "").strip()


def _first(*values: str | None) -> str:
    for value in values:
        text = (value or "").strip()
        if text and text.upper() != NO_REFERENCE:
            return text
    return ""


def _signed(
    holder: Element, n: dict[str, str], indicator: str | None = None
) -> tuple[Decimal, str]:
    """The signed amount of `holder`'s `Amt` and `CdtDbtInd` (or `indicator`), its currency."""
    amount = holder.find(n["Amt"])
    text = (amount.text or "").strip() if amount is not None else ""
    if amount is None or not text:
        raise ValueError(_("the amount is missing"))
    try:
        value = money(Decimal(text))
    except InvalidOperation:
        raise ValueError(
            _("“%(value)s” is not %(kind)s")
            % {"value": text[:60], "kind": pgettext("what a value is not", "an amount")}
        ) from None
    if value < 0:
        raise ValueError(
            _("the amount %(amount)s is negative; CdtDbtInd gives the direction")
            % {"amount": value}
        )
    code = indicator if indicator is not None else _text(holder, n["CdtDbtInd"])
    if code not in ("CRDT", "DBIT"):
        if not code:
            raise ValueError(_("CdtDbtInd is missing; CRDT or DBIT expected"))
        raise ValueError(_("CdtDbtInd is %(code)s; CRDT or DBIT expected") % {"code": code})
    return (-value if code == "DBIT" else value), (amount.get("Ccy") or "").strip()


def _date(choice: Element | None, n: dict[str, str]) -> dt.date | None:
    """The date of a `Dt`/`DtTm` choice, as the bank wrote it (in its own time zone)."""
    if choice is None:
        return None
    text = _text(choice, n["Dt"])
    parse_as: Callable[[str], Any] = _xml_date
    if not text:
        text, parse_as = _text(choice, n["DtTm"]), XmlDateTime.from_string
    if not text:
        return None
    try:
        value = parse_as(text)
        return dt.date(value.year, value.month, value.day)
    except (TypeError, ValueError):
        raise ValueError(_("%(date)s is not a date that exists") % {"date": text}) from None


register(StatementFormat(NAME, sniff, parse, "ISO 20022 camt.053 (XML)"))
