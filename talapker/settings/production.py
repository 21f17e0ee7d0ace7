"""Production: HTTPS only, secret key and hosts from the environment, no debug."""

from django.core.exceptions import ImproperlyConfigured

from talapker.settings import env
from talapker.settings.base import *  # noqa: F403

if not env.get("TALAPKER_SECRET_KEY"):
    raise ImproperlyConfigured("TALAPKER_SECRET_KEY must be set in production.")
if not env.get("TALAPKER_PSEUDONYM_KEY"):
    raise ImproperlyConfigured("TALAPKER_PSEUDONYM_KEY must be set in production.")

DEBUG = False
SECURE_SSL_REDIRECT = True
# Probes and the metrics scraper speak plain HTTP to the server itself, behind the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
