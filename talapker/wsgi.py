"""WSGI entry point for gunicorn (`talapker serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talapker.settings.default")
application = get_wsgi_application()
