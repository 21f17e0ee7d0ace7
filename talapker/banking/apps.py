from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankingConfig(AppConfig):
    name = "talapker.banking"
    verbose_name = _("Bank statements")

    def ready(self) -> None:
        from talapker.banking.receivers import reconcile_filed_fund
        from talapker.filings.signals import version_filed

        version_filed.connect(reconcile_filed_fund, dispatch_uid="banking.reconcile_filed_fund")
