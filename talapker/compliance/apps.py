from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "talapker.compliance"
    verbose_name = _("Preliminary analysis")

    def ready(self) -> None:
        from talapker.ads.signals import ads_imported
        from talapker.banking.signals import statement_imported
        from talapker.compliance.receivers import (
            draft_findings,
            screen_after_ads,
            screen_after_filing,
            screen_after_import,
            screen_after_load,
        )
        from talapker.elections.signals import election_loaded
        from talapker.filings.checks import draft_check_register
        from talapker.filings.signals import version_filed

        version_filed.connect(screen_after_filing, dispatch_uid="compliance.screen_after_filing")
        statement_imported.connect(
            screen_after_import, dispatch_uid="compliance.screen_after_import"
        )
        ads_imported.connect(screen_after_ads, dispatch_uid="compliance.screen_after_ads")
        election_loaded.connect(screen_after_load, dispatch_uid="compliance.screen_after_load")
        draft_check_register("compliance", draft_findings)
