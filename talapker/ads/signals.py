"""What the ads app announces to the apps above it (decision 0009).

`ads_imported` is sent inside the import's transaction, after the ads are stored and their
payers matched. Compliance queues the election's ad screening for after the commit.
"""

from django.dispatch import Signal

# Sent with: election (elections.Election), batch (ads.AdImport), actor (str).
ads_imported = Signal()
