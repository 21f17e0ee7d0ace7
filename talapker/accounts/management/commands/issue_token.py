from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.accounts.management import one_line
from talapker.accounts.services import COMMAND_LINE, token_issue


class Command(BaseCommand):
    help = "Issues an API token for a user and prints it once (only its hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what will use the token")

    @no_translations
    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        if not name.strip():
            raise CommandError("--name is required: say what will use the token")
        try:
            token, key = token_issue(user, name=name, actor=COMMAND_LINE)
        except ValidationError as error:
            raise CommandError(one_line(error)) from None
        self.stdout.write(f"token {token.prefix} for {username} ({token.name}):")
        self.stdout.write(key)
        self.stdout.write("it is shown only now; send it as 'Authorization: Token <token>'")
