"""Form widgets the voters' pages share."""

from __future__ import annotations

from typing import Any

from django import forms


class BlankInput(forms.TextInput):
    """A text box that never writes back what was typed into it (a PIN): a page answering a
    form carries no PIN, not even in the form shown again after an error."""

    def format_value(self, value: Any) -> str | None:
        return None
