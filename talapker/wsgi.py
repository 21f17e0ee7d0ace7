"""WSGI entry point for gunicorn (`talapker serve`)."""

import os

from django.core.wsgi import get_wsgi_application

from talapker.core.permissions import process_protect

process_protect()  # a server started without `talapker serve` keeps the data private too
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
application = get_wsgi_application()
