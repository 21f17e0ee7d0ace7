"""How dates are written in each language, where Django's own formats are not the commission's
(FORMAT_MODULE_PATH; Django falls back to its own module for anything not set here).

Kyrgyz writes month names in lower case and joins day and year to their words with a hyphen:
"9-декабрь 2026-ж." (Django: "9 Декабрь 2026 ж."). The month names come from the
translation catalogue, so they are declared here for extraction; the project's catalogue,
which comes before Django's, gives them in lower case in Kyrgyz. Russian needs nothing:
Django already writes "9 декабря 2026 г.".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The names Django's `F` (nominative) and `E` (the form after a day) use.
MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
MONTHS_AFTER_DAY = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
