from typing import Any

from django.core.management.base import BaseCommand

from talapker.audit.roots import roots_seal


class Command(BaseCommand):
    help = (
        "Seals every finished day (Bishkek time) of the audit log not yet sealed: the Merkle "
        "root of its events, signed with the platform's Ed25519 key. Never today."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for root in roots_seal():
            self.stdout.write(
                f"{root.day}: {root.size} events #{root.first_seq}–#{root.last_seq}, "
                f"root {root.root}"
            )
        self.stdout.write("every finished day is sealed")
