"""What every API list of every app shares: errors as JSON problems (`errors.py`), cursor
paging with a stable order (`pagination.py`), CSV export (`exports.py`) and the text of the
three languages (`serializers.py`)."""
