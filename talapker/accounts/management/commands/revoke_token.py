from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.accounts.management import one_line
from talapker.accounts.services import COMMAND_LINE, token_revoke


class Command(BaseCommand):
    help = "Revokes the API token whose first 8 characters are PREFIX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    @no_translations
    def handle(self, *args: Any, prefix: str, **options: Any) -> None:
        try:
            token = token_revoke(prefix, actor=COMMAND_LINE)
        except ValidationError as error:
            raise CommandError(one_line(error)) from None
        self.stdout.write(f"revoked token {token.prefix} of {token.user.username} ({token.name})")
