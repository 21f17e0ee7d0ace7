from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "talapker.voters"
    verbose_name = _("Voter register")

    def ready(self) -> None:
        from talapker.elections.signals import election_loaded
        from talapker.registers.signals import register_imported
        from talapker.voters.receivers import build_after_load, build_after_snapshot

        register_imported.connect(build_after_snapshot, dispatch_uid="voters.after_snapshot")
        election_loaded.connect(build_after_load, dispatch_uid="voters.after_load")
