from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "talapker.opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from talapker.opendata import tasks  # noqa: F401  (registers the nightly snapshot)
