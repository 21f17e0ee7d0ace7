from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "talapker.disclosure"
    verbose_name = _("Disclosure")

    def ready(self) -> None:
        from talapker.disclosure.receivers import donors_after_filing
        from talapker.filings.signals import version_filed

        version_filed.connect(donors_after_filing, dispatch_uid="disclosure.donors_after_filing")
