from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "talapker.filings"
    verbose_name = _("Campaign-finance reports")

    def ready(self) -> None:
        from talapker.filings.signals import version_filed
        from talapker.filings.tasks import scan_text_after_filing

        version_filed.connect(scan_text_after_filing, dispatch_uid="filings.scan_text")
