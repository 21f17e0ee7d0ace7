"""What the elections app announces to the apps above it (decision 0009).

`election_loaded` is sent inside `load-election`'s transaction when the load changed
something (the definition, the parties, the lists, the accounts), with `election`, `changes`
(what changed, by kind) and `actor`. Compliance screens the election's funds, candidates and
lists once the transaction commits.
"""

from django.dispatch import Signal

election_loaded = Signal()
