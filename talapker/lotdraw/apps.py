from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotdrawConfig(AppConfig):
    name = "talapker.lotdraw"
    verbose_name = _("Ballot-order draw")
