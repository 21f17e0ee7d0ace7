"""What the filings app announces to the apps above it (decision 0009).

`version_filed` is sent inside the filing's transaction, after the version, its rows and its
audit event are stored. Receivers run in that transaction: what they write commits or rolls
back with the filing. Banking reconciles the fund; compliance queues its screening for after
the commit.
"""

from django.dispatch import Signal

# Sent with: fund (funds.Fund), version (filings.ReportVersion), actor (str).
version_filed = Signal()
