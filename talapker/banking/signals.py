"""What the banking app announces to the apps above it (decision 0009).

`statement_imported` is sent inside the import's transaction, after the new lines are stored
and the fund reconciled. Compliance queues the fund's screening for after the commit.
"""

from django.dispatch import Signal

# Sent with: fund (funds.Fund), statement (banking.Statement), actor (str).
statement_imported = Signal()
