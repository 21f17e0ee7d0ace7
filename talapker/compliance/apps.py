from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "talapker.compliance"
    verbose_name = _("Preliminary analysis")
