"""`talapker verify-draw PROTOCOL.json` (interfaces.md): re-checks a published protocol
alone. Exits 0 when it holds, 1 naming the first failing part (commitment, seed, order),
2 when the file is not a protocol — as docs/verify_draw.py does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.lotdraw.protocol import ProtocolMalformed
from talapker.lotdraw.services import verify

FAILURES = {
    "commitment": "the revealed secret does not hash to the published commitment",
    "seed": "the seed is not the hash of the protocol's inputs in their canonical order",
    "order": "the order is not what the algorithm gives for this seed",
    "signature": "the platform's Ed25519 signature does not hold for this protocol",
}
MAX_BYTES = 1_000_000


class Command(BaseCommand):
    help = "Re-check a ballot-order draw protocol (JSON): commitment, seed and order."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("protocol", help="the protocol file (JSON)")

    @no_translations
    def handle(self, *args: Any, protocol: str, **options: Any) -> None:
        path = Path(protocol)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path.name}: larger than {MAX_BYTES} bytes", returncode=2)
            data = json.loads(path.read_bytes())
            failed = verify(data)
        except OSError as err:
            raise CommandError(f"{protocol}: cannot read ({err.strerror})", returncode=2) from err
        except (ValueError, RecursionError) as err:  # bad JSON, bad UTF-8, ProtocolMalformed
            reason = str(err) if isinstance(err, ProtocolMalformed) else "not valid JSON"
            raise CommandError(f"{path.name}: not a draw protocol: {reason}", returncode=2) from err
        if failed is not None:
            raise CommandError(f"{failed}: {FAILURES[failed]}", returncode=1)
        signed = data.get("signature")
        if isinstance(signed, dict):
            self.stdout.write(
                f"{path.name}: the protocol holds (commitment, seed, order and the signature "
                f"of key {signed.get('key')}: compare it with the key on the audit page)"
            )
        else:
            self.stdout.write(f"{path.name}: the protocol holds (commitment, seed and order)")
