from django.core.exceptions import ValidationError

from talapker.accounts.otp import Authenticator
from talapker.accounts.qr import qr_text


def one_line(error: ValidationError) -> str:
    """A validation error as the one line a failing command prints."""
    return " ".join(" ".join(str(m) for m in error.messages).split())


def authenticator_lines(authenticator: Authenticator) -> list[str]:
    """How create-user and reset-otp show a new authenticator key: the QR code of its URI to
    scan, the URI, and the base32 key for an app where it is typed by hand."""
    return [
        "authenticator: scan this QR code with the app (FreeOTP, Aegis, Google Authenticator…)",
        qr_text(authenticator.provisioning_uri).rstrip("\n"),
        f"authenticator URI: {authenticator.provisioning_uri}",
        f"authenticator key (base32, to type by hand): {authenticator.secret_base32}",
    ]
