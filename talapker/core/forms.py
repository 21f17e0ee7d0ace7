"""What the pages' forms share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form

# A day as people write it (15.11.2026), or as links and the API write it (2026-11-15).
DAY_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def form_saved(form: Form, save: Callable[[dict[str, Any]], Any]) -> bool:
    """Save a valid form through a service; the service's refusal becomes the form's error."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True
