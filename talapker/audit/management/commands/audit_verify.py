from typing import Any

from django.core.management.base import BaseCommand, CommandError

from talapker.audit.services import audit_verify


class Command(BaseCommand):
    help = "Checks the audit log's hash chain from the first event to the last."

    def handle(self, *args: Any, **options: Any) -> None:
        count, problems = audit_verify()
        if problems:
            raise CommandError(f"audit chain broken: {problems[0]} ({len(problems)} problem(s))")
        self.stdout.write(f"audit chain intact: {count} events")
