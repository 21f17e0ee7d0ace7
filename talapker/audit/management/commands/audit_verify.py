from typing import Any

from django.core.management.base import BaseCommand, CommandError

from talapker.audit.roots import roots_verify
from talapker.audit.services import chain_verify


class Command(BaseCommand):
    help = (
        "Checks the audit log's hash chain from the first event to the last, then every signed "
        "daily root against its events and the platform's public key; names the first broken "
        "event or root."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        events, problems = chain_verify()
        roots, root_problems = roots_verify()
        problems += root_problems
        if problems:
            raise CommandError(f"audit log broken: {problems[0]} ({len(problems)} problem(s))")
        self.stdout.write(f"audit log intact: {events} events, {roots} signed daily roots")
