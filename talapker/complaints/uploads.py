"""The files sent with a complaint: photos (JPEG, PNG, WEBP), videos (MP4, WEBM) and PDF
documents, at most `MAX_FILES` of them and `MAX_BYTES` each.

A file is judged by its content, never by its name or the type the browser sent: its first
bytes say what it is, and its name must say the same (a `.jpg` that holds a PDF, or a
program, is refused; a phone's `.mov` and `.mp4` are both the same container and pass for
each other). Then:

- an image is decoded whole and written again by Pillow with nothing but its pixels: no EXIF
  (the camera, the time, the GPS position), no XMP, no colour profile, no text chunks. The
  EXIF orientation is applied first, so the photo stands as it was taken. A file that does
  not decode, or holds more than `MAX_PIXELS`, is refused. Only the re-encoded image is
  kept: the location never reaches the disk.
- a PDF is checked as a report's scan is (`filings.scans.scan_check`): one that can act when
  opened (JavaScript, launch actions, embedded files...) or cannot be read is refused.
- a video is kept as it came, for the staff alone (its container's metadata is not rewritten;
  docs/complaints.md says so).

Every refusal names the file (quoted, as the sender named it) and the reason, in the
reader's language.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from talapker.complaints.models import FileKind
from talapker.filings.scans import ScanLimits, scan_check

MAX_FILES = 5
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 48-megapixel phone camera's photo fits
NAME_MAX = 100
HEAD = 64  # bytes read to recognise a file


@dataclass(frozen=True)
class Format:
    code: str
    kind: str  # FileKind
    content_type: str
    extension: str
    family: str  # formats whose names may stand for each other
    label: str  # how a message names it (an acronym every language writes alike)


FORMATS = {
    f.code: f
    for f in (
        Format("jpeg", FileKind.IMAGE, "image/jpeg", ".jpg", "jpeg", "JPEG"),
        Format("png", FileKind.IMAGE, "image/png", ".png", "png", "PNG"),
        Format("webp", FileKind.IMAGE, "image/webp", ".webp", "webp", "WEBP"),
        Format("pdf", FileKind.PDF, "application/pdf", ".pdf", "pdf", "PDF"),
        Format("mp4", FileKind.VIDEO, "video/mp4", ".mp4", "mp4", "MP4"),
        Format("mov", FileKind.VIDEO, "video/quicktime", ".mov", "mp4", "MP4"),
        Format("webm", FileKind.VIDEO, "video/webm", ".webm", "webm", "WEBM"),
    )
}
EXTENSIONS = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".png": "png",
    ".webp": "webp",
    ".pdf": "pdf",
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "mov",
    ".webm": "webm",
}
# ISO media brands of video files (HEIF photos share the container: "heic", "mif1" are not
# here, and are refused: Pillow cannot re-encode them).
VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash",
    b"3gp4", b"3gp5", b"3gp6", b"3g2a",
}  # fmt: skip
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


@dataclass(frozen=True)
class CheckedFile:
    """A file accepted: what to store (an image already re-encoded) and what it is."""

    name: str
    format: Format
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(data: bytes) -> str | None:
    """The format the first bytes show, or None for anything else."""
    head = data[:HEAD]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "mov"
        return "mp4" if brand in VIDEO_BRANDS else None
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return "webm"
    return None


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _accepted() -> str:
    return _("it is not a photo (JPEG, PNG, WEBP), a video (MP4, WEBM) or a PDF document.")


def _refused(name: str, reason: str) -> ValidationError:
    return ValidationError(
        _("The file «%(name)s» is refused: %(reason)s") % {"name": name, "reason": reason},
        code="file_refused",
    )


def file_name(name: str) -> str:
    """The name as sent, without folders or control characters, cut short."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if c.isprintable()).strip()
    return clean[:NAME_MAX] or "file"


def file_check(name: str, data: bytes) -> CheckedFile:
    """The file as it may be stored, or ValidationError naming it and the reason."""
    name = file_name(name)
    if len(data) > MAX_BYTES:
        raise _refused(
            name, _("it is larger than %(max)s MB.") % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not data:
        raise _refused(name, _("it is empty."))
    named = EXTENSIONS.get(_extension(name))
    found = sniff(data)
    if named is None or found is None:
        raise _refused(name, _accepted())
    if FORMATS[named].family != FORMATS[found].family:
        raise _refused(
            name,
            _("its name says %(named)s but it holds %(found)s: a file must be what it says.")
            % {"named": FORMATS[named].label, "found": FORMATS[found].label},
        )
    form = FORMATS[found]
    if form.kind == FileKind.IMAGE:
        return CheckedFile(name, form, _image_without_metadata(name, data, form))
    if form.kind == FileKind.PDF:
        verdict = scan_check(name, data, ScanLimits(max_bytes=MAX_BYTES))
        if not verdict.ok:
            reasons = "; ".join(str(message) for message in verdict.messages())
            raise _refused(name, f"{reasons}.")
    return CheckedFile(name, form, data)


def _image_without_metadata(name: str, data: bytes, form: Format) -> bytes:
    """The image's pixels written anew, and nothing else of the file."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != PILLOW_FORMATS[form.code]:
                raise ValueError(image.format)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refused(
                    name,
                    _("it has more than %(max)s million pixels.")
                    % {"max": MAX_PIXELS // 1_000_000},
                )
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            clean = _pixels_only(upright, form.code)
    except ValidationError:
        raise
    except Exception:  # a damaged or hostile image may break the decoder anywhere
        raise _refused(name, _("it cannot be read as an image; it may be damaged.")) from None
    out = io.BytesIO()
    options: dict[str, Any] = {"JPEG": {"quality": 88}, "WEBP": {"quality": 85}}.get(
        PILLOW_FORMATS[form.code], {}
    )
    clean.save(out, PILLOW_FORMATS[form.code], **options)
    return out.getvalue()


def _pixels_only(image: Image.Image, code: str) -> Image.Image:
    """A new image with the pixels of `image` and an empty `info`: no EXIF, XMP, ICC profile
    or text chunk can be carried into the saved file."""
    modes = {"jpeg": ("RGB", "L"), "png": ("RGB", "RGBA", "L", "LA"), "webp": ("RGB", "RGBA")}
    if image.mode not in modes[code]:
        alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if alpha and code != "jpeg" else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def files_check(named: list[tuple[str, bytes]]) -> list[CheckedFile]:
    """Every file checked; ValidationError with one message per refused file (and none kept
    if any is refused: the complainant sends the set again)."""
    if len(named) > MAX_FILES:
        raise ValidationError(
            _("At most %(max)s files can be sent at once.") % {"max": MAX_FILES},
            code="too_many_files",
        )
    checked: list[CheckedFile] = []
    errors: list[ValidationError] = []
    for name, data in named:
        try:
            checked.append(file_check(name, data))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked


def upload_read(upload: Any) -> tuple[str, bytes]:
    """An uploaded file's name and bytes, reading no more than one byte past the cap (a
    larger file is refused by `file_check` without being held whole in memory)."""
    data = upload.read(MAX_BYTES + 1)
    return str(upload.name or ""), data
