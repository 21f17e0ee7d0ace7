"""Is an uploaded scan of a signed report a plain PDF that is safe to keep and show?

A report's scan is stored for good and shown to the public, so anything that can act when
the file is opened is kept out: JavaScript, launch and other dangerous actions, actions run on
open or on events, embedded files, rich media, XFA forms, and encryption (which hides the
content from these checks). Such a file is *quarantined*: refused, and kept aside for a
person to look at, since it may be an attack. A file that is simply not a usable PDF (not a
PDF, cut short, too large, too many pages) is *refused*.

Two looks, because each can miss what the other sees: the raw bytes outside streams, with
`#xx` escapes in names undone (`/J#61vaScript` is `/JavaScript`), and every object pypdf
can reach, including those packed in compressed object streams. `scan_check` never raises:
whatever goes wrong becomes a reason in the verdict.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class ScanLimits:
    max_bytes: int = 25 * 1024 * 1024
    max_pages: int = 500
    max_objects: int = 200_000
    max_image_pixels: int = 200_000_000  # one image; a scan at 600 dpi of A3 is 70 million


DEFAULT_SCAN_LIMITS = ScanLimits()

# Reasons that quarantine the file (it may be an attack) and reasons that only refuse it.
QUARANTINE = {
    "javascript": _("the PDF contains JavaScript"),
    "launch": _("the PDF can launch a program (a /Launch action)"),
    "dangerous_action": _("the PDF has an action that submits, imports or opens other files"),
    "open_action": _("the PDF runs an action when it is opened"),
    "additional_actions": _("the PDF runs actions on events (/AA)"),
    "embedded_file": _("the PDF carries embedded files"),
    "rich_media": _("the PDF contains rich media (Flash, video or 3D)"),
    "xfa": _("the PDF contains an XFA form"),
    "encrypted": _("the PDF is encrypted; upload it without a password or restrictions"),
}
REFUSE = {
    "too_large": _("the file is too large"),
    "not_pdf": _("the file is not a PDF"),
    "truncated": _("the PDF is cut short (no end-of-file marker)"),
    "unreadable": _("the PDF cannot be read"),
    "damaged": _("the PDF has damaged objects that cannot be checked; save or scan it again"),
    "no_pages": _("the PDF has no pages"),
    "too_many_pages": _("the PDF has too many pages"),
    "too_many_objects": _("the PDF has too many objects"),
    "image_too_large": _("the PDF has an image too large to display safely"),
}
REASONS = {**QUARANTINE, **REFUSE}

# Names that are never in a plain scan, as the raw-byte look sees them, and their reason.
RAW_NAMES = {
    b"JS": "javascript",
    b"JavaScript": "javascript",
    b"Launch": "launch",
    b"SubmitForm": "dangerous_action",
    b"ImportData": "dangerous_action",
    b"GoToR": "dangerous_action",
    b"GoToE": "dangerous_action",
    b"AA": "additional_actions",
    b"EmbeddedFile": "embedded_file",
    b"EmbeddedFiles": "embedded_file",
    b"FileAttachment": "embedded_file",
    b"RichMedia": "rich_media",
    b"RichMediaContent": "rich_media",
    b"RichMediaExecute": "rich_media",
    b"XFA": "xfa",
    b"Encrypt": "encrypted",
}
ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "dangerous_action",
    "/ImportData": "dangerous_action",
    "/GoToR": "dangerous_action",
    "/GoToE": "dangerous_action",
    "/RichMediaExecute": "rich_media",
}
KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",  # the document's JavaScript name tree
    "/AA": "additional_actions",
    "/EmbeddedFiles": "embedded_file",
    "/EF": "embedded_file",
    "/XFA": "xfa",
    "/RichMediaContent": "rich_media",
    "/RichMediaSettings": "rich_media",
}
TYPES = {
    "/EmbeddedFile": "embedded_file",
    "/FileAttachment": "embedded_file",
    "/RichMedia": "rich_media",
}

NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PYPDF_OBJECTS = "pypdf.generic"  # the logger pypdf reports repaired objects to
EOF_WINDOW = 1024  # readers look for %%EOF this near the end


@dataclass(frozen=True)
class ScanVerdict:
    ok: bool
    quarantine: bool
    reasons: list[str] = field(default_factory=list)
    pages: int = 0
    sha256: str = ""

    def messages(self) -> list[_StrPromise]:
        """The reasons as translatable messages, in the order of `reasons`."""
        return [REASONS[reason] for reason in self.reasons]


def scan_check(name: str, data: bytes, limits: ScanLimits = DEFAULT_SCAN_LIMITS) -> ScanVerdict:
    """The verdict on one uploaded scan. `name` is only for the caller's records."""
    digest = hashlib.sha256(data).hexdigest()
    reasons: set[str] = set()
    pages = 0
    damage = _ParseDamage()
    try:
        with damage.watching():
            pages = _check(data, limits, reasons)
    except Exception:  # a hostile file may break the parser anywhere: refuse, never crash
        reasons.add("unreadable")
    if damage.seen:
        reasons.add("damaged")
    ordered = sorted(reasons, key=lambda reason: (reason not in QUARANTINE, reason))
    return ScanVerdict(
        ok=not reasons,
        quarantine=any(reason in QUARANTINE for reason in reasons),
        reasons=ordered,
        pages=pages,
        sha256=digest,
    )


class _ParseDamage(logging.Handler):
    """Notices pypdf repairing an object as it reads it (a dictionary cut short, a key given
    twice). pypdf then goes on with partial data, and what it dropped is exactly what these
    checks could not see, so such a file is refused. Only records of this thread count, so
    scans running side by side do not mix."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.seen = True

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        logger = logging.getLogger(PYPDF_OBJECTS)
        # Logging set up to silence pypdf must not silence this check.
        logger.disabled = False
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)
        logger.addHandler(self)
        try:
            yield
        finally:
            logger.removeHandler(self)


def _check(data: bytes, limits: ScanLimits, reasons: set[str]) -> int:
    """Add the reasons found to `reasons`; return the number of pages (0 if unknown)."""
    if len(data) > limits.max_bytes:
        reasons.add("too_large")
        return 0
    if not data.startswith(b"%PDF-"):
        reasons.add("not_pdf")
        return 0
    reasons.update(_raw_names(data))
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        reasons.add("truncated")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reasons.add("encrypted")
        return 0
    pages = len(reader.pages)
    if pages == 0:
        reasons.add("no_pages")
    elif pages > limits.max_pages:
        reasons.add("too_many_pages")
    reasons.update(_object_reasons(reader, limits))
    return pages


def _raw_names(data: bytes) -> set[str]:
    """Reasons from names written in the file outside stream data (which is binary, and would
    match by chance)."""
    found: set[str] = set()
    for match in NAME.finditer(_outside_streams(data)):
        name = NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        reason = RAW_NAMES.get(name)
        if reason:
            found.add(reason)
    return found


def _outside_streams(data: bytes) -> bytes:
    """The file without the bytes between `stream` and `endstream`, found in one pass (a
    pattern searching for each stream's end would take quadratic time on a hostile file)."""
    kept: list[bytes] = []
    position = 0
    while (start := data.find(b"stream", position)) >= 0:
        if data[max(start - 3, 0) : start] == b"end":  # an `endstream` with no `stream`
            kept.append(data[position : start + 6])
            position = start + 6
            continue
        end = data.find(b"endstream", start + 6)
        if end < 0:
            break  # an unterminated stream: the rest is looked at as it is
        kept.append(data[position:start])
        position = end + len(b"endstream")
    kept.append(data[position:])
    return b" ".join(kept)


def _object_reasons(reader: PdfReader, limits: ScanLimits) -> set[str]:
    """Reasons from every object in the cross-reference table and object streams."""
    numbers = {
        (number, generation) for generation, table in reader.xref.items() for number in table
    }
    numbers.update((number, 0) for number in reader.xref_objStm)
    if len(numbers) > limits.max_objects:
        return {"too_many_objects"}
    found: set[str] = set()
    catalog = reader.trailer.get("/Root")
    for number, generation in sorted(numbers):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        _walk(obj, limits, found)
    if catalog is not None:
        _open_action(catalog.get_object(), found)
    return found


def _walk(root: Any, limits: ScanLimits, found: set[str]) -> None:
    """Look into one object and the dictionaries and arrays written inside it."""
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, DictionaryObject):
            _dictionary(obj, limits, found)
            stack.extend(v for v in obj.values() if isinstance(v, DictionaryObject | ArrayObject))
        elif isinstance(obj, ArrayObject):
            stack.extend(v for v in obj if isinstance(v, DictionaryObject | ArrayObject))


def _dictionary(obj: DictionaryObject, limits: ScanLimits, found: set[str]) -> None:
    for key, reason in KEYS.items():
        if key in obj:
            found.add(reason)
    action = obj.get("/S")
    if isinstance(action, str) and action in ACTIONS:
        found.add(ACTIONS[action])
    for key in ("/Type", "/Subtype"):
        kind = obj.get(key)
        if isinstance(kind, str) and kind in TYPES:
            found.add(TYPES[kind])
    if obj.get("/Subtype") == "/Image":
        width, height = obj.get("/Width", 0), obj.get("/Height", 0)
        if (
            isinstance(width, int)
            and isinstance(height, int)
            and width * height > (limits.max_image_pixels)
        ):
            found.add("image_too_large")


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _open_action(catalog: Any, found: set[str]) -> None:
    """An /OpenAction that only shows a page is harmless; any other action is not."""
    if not isinstance(catalog, DictionaryObject) or "/OpenAction" not in catalog:
        return
    action: Any = catalog["/OpenAction"]
    action = _resolved(action)
    if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
        found.add("open_action")
