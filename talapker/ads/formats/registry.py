"""Which reader a file needs, recognised by its content, never by its name: JSON is Meta's
Ad Library API; a CSV header with `Ad_ID` and `Advertiser_Name` is Google's transparency
report; a header with `ad_id` and `party_code` is section 6."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from talapker.core.csvfiles import decode_utf8
from talapker.core.errors import InputError

from . import csvformat, google, meta
from .model import AdFile
from .tabular import csv_header

MAX_BYTES = 200_000_000


def read_ads(name: str, data: bytes) -> AdFile:
    """The ads of one ad-library file in any format the platform reads; InputError if none."""
    if len(data) > MAX_BYTES:
        raise InputError(
            name, _("the file is larger than %(mb)s MB") % {"mb": MAX_BYTES // 1_000_000}
        )
    text = decode_utf8(Path(name), data)
    if not text.strip():
        raise InputError(name, _("the file is empty; a header row is required"), line=1)
    if meta.sniff(text):
        return meta.read(name, text)
    header = csv_header(text)
    if google.sniff(header):
        return google.read(name, data)
    if csvformat.sniff(header):
        return csvformat.read(name, data)
    raise InputError(
        name,
        _(
            "not an ad-library file the platform reads (ads.csv of the exchange formats, the "
            "JSON of Meta's Ad Library API, or Google's creative-stats CSV)"
        ),
        line=1,
    )
