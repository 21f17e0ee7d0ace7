from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration at the top of the house: it generates an election and drives every
    domain app as its users would; no other app imports it."""

    name = "talapker.demo"
    verbose_name = _("Demonstration")
