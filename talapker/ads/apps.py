from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdsConfig(AppConfig):
    name = "talapker.ads"
    verbose_name = _("Political ads")
