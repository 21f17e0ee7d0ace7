"""What the registers announce to the apps above them (decision 0009).

`register_imported` is sent inside the import's transaction when a new snapshot replaced a
register, with `kind` (a `RegisterKind` value), `snapshot` and `actor`. The voter register is
rebuilt after a population snapshot (voters/receivers.py).
"""

from django.dispatch import Signal

register_imported = Signal()
