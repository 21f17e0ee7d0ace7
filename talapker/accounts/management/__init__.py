from django.core.exceptions import ValidationError


def one_line(error: ValidationError) -> str:
    """A validation error as the one line a failing command prints."""
    return " ".join(" ".join(str(m) for m in error.messages).split())
