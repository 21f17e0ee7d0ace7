"""`/metrics` in Prometheus' text format (docs/runbooks/deployment.md, "Metrics").

Two kinds of figure. Counts read from the database at each scrape, cheap ones only (a
`COUNT(*)` on an indexed column): elections, protocols received, open findings, open and
overdue complaints, and the queue's length. Each app's table is read only if the app is
installed, by name (`apps.get_model`), so core imports no app above it. And requests: a
histogram of their duration labelled by method and status class (`2xx`...) only, never by
path, which carries identifiers, or by anything of the requester.

Under `talapker serve` each gunicorn worker counts its own requests in files of
PROMETHEUS_MULTIPROC_DIR (set by `serve`), and a scrape sums every worker's.

The endpoint is for the operators' scraper alone: it answers only an address in
`TALAPKER_METRICS_ALLOW` (the client's address as the nearest proxy saw it, by
`TALAPKER_PROXY_COUNT`) or a request bearing `Authorization: Bearer $TALAPKER_METRICS_TOKEN`;
everyone else gets 404, as if it did not exist.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import Collector

from talapker.core.logs import REQUEST_ID, request_id_set

REQUESTS = Histogram(
    "talapker_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and status class.",
    ["method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

# name, help, app label, model, filter (a function of now: counts taken at each scrape)
COUNTS: tuple[tuple[str, str, str, str, Callable[[object], Q]], ...] = (
    ("talapker_elections", "Elections.", "elections", "Election", lambda now: Q()),
    (
        "talapker_protocols_received",
        "Precinct protocols received (every version).",
        "results",
        "Protocol",
        lambda now: Q(),
    ),
    (
        "talapker_findings_open",
        "Findings of the latest screening not yet reviewed.",
        "compliance",
        "Finding",
        lambda now: Q(active=True, review="open"),
    ),
    (
        "talapker_complaints_open",
        "Complaints not yet decided or joined.",
        "complaints",
        "Complaint",
        lambda now: Q(state__in=("new", "taken", "waiting")),
    ),
    (
        "talapker_complaints_overdue",
        "Open complaints past their deadline.",
        "complaints",
        "Complaint",
        lambda now: Q(state__in=("new", "taken", "waiting"), deadline__lt=now),
    ),
)


class MetricsMiddleware:
    """Times every request into REQUESTS (one clock read each side, one histogram
    observation) and keeps the proxy's `X-Request-ID` for the log records (core/logs.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        token = request_id_set(request.META.get("HTTP_X_REQUEST_ID", ""))
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUESTS.labels(method, status).observe(time.perf_counter() - started)
        return response


class CountsCollector(Collector):
    """The database's counts and the queue's length, read at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        for name, help_text, app, model_name, where in COUNTS:
            if not apps.is_installed(f"talapker.{app}"):
                continue
            model = apps.get_model(app, model_name)
            gauge = GaugeMetricFamily(name, help_text)
            gauge.add_metric([], model._default_manager.filter(where(now)).count())
            yield gauge
        yield from _queue()


def _queue() -> Iterator[GaugeMetricFamily]:
    from huey.contrib.djhuey import HUEY

    try:
        pending = HUEY.pending_count()
    except Exception:
        return
    gauge = GaugeMetricFamily("talapker_queue_pending", "Tasks waiting on the queue.")
    gauge.add_metric([], pending)
    yield gauge


def registry() -> CollectorRegistry:
    """The figures of this scrape: every worker's requests (or this process's) and counts."""
    scrape = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(scrape)
    else:
        scrape.register(_RequestsOnly())
    scrape.register(CountsCollector())
    return scrape


class _RequestsOnly(Collector):
    def collect(self) -> Iterator[Metric]:
        yield from REQUESTS.collect()


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404
    return HttpResponse(
        generate_latest(registry()), content_type=CONTENT_TYPE_PLAIN_0_0_4
    )  # any Prometheus


def allowed(request: HttpRequest) -> bool:
    """The scraper's address is allowed, or it bears the token."""
    token: str = settings.TALAPKER_METRICS_TOKEN
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and bearer and hmac.compare_digest(bearer.encode(), token.encode()):
        return True
    address = client_address(request)
    if address is None:
        return False
    return any(address in network for network in allowed_networks())


def client_address(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client as the nearest of `TALAPKER_PROXY_COUNT` proxies saw it (the rule of the
    login lockout), so that a public request relayed by a local proxy is not "local"."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    proxies: int = settings.TALAPKER_PROXY_COUNT
    if proxies > 0:
        forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p]
        candidates = [forwarded[-proxies]] if len(forwarded) >= proxies else candidates
    try:
        return ipaddress.ip_address(candidates[0].strip())
    except ValueError:
        return None


def allowed_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks(settings.TALAPKER_METRICS_ALLOW)


@cache
def _networks(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(p.strip(), strict=False) for p in value.split(",") if p.strip()
    )
