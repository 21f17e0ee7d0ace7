from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "talapker.filings"
    verbose_name = _("Campaign-finance reports")
