"""URLs: pages under a language prefix (/ky/, /ru/, /en/), the API under /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from talapker.core import health, metrics

handler500 = "talapker.core.busy.server_error"  # a lock outlasting the wait is 503, not 500

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("talapker.disclosure.api_urls")),
    path("healthz", health.healthz, name="healthz"),  # outside the language prefix: probes
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),  # allowed addresses or token only
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("talapker.accounts.urls")),
    path("filing/", include("talapker.filings.urls")),
    path("staff/findings/", include("talapker.compliance.urls")),
    path("staff/voters/", include("talapker.voters.staff_urls")),
    path("staff/results/", include("talapker.results.staff_urls")),
    path("staff/complaints/", include("talapker.complaints.staff_urls")),
    path("staff/", include("talapker.banking.urls")),
    path("", include("talapker.disclosure.urls")),
    path("", include("talapker.opendata.urls")),
    path("", include("talapker.voters.urls")),
    path("", include("talapker.results.urls")),
    path("", include("talapker.complaints.urls")),
    path("", include("talapker.audit.urls")),
    prefix_default_language=True,
)
