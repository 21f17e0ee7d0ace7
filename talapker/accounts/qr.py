"""QR codes of an authenticator's `otpauth://` URI, for a phone to scan (segno: pure Python).

In a terminal the code is drawn with half-block characters, two modules a line, light
modules as blocks: the convention of `qrencode -t UTF8`, for the usual dark terminal.
"""

from __future__ import annotations

import io

import segno

BORDER = 2  # quiet zone in modules; 4 is the standard, 2 is enough for phones on a screen


def qr_text(data: str) -> str:
    """The QR code of `data` as lines of text for a terminal."""
    out = io.StringIO()
    segno.make(data, error="m").terminal(out=out, compact=True, border=BORDER)
    return out.getvalue()
