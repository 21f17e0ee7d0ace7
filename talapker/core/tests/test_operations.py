"""Health, readiness, metrics and logs (core/health.py, core/metrics.py, core/logs.py)."""

from __future__ import annotations

import json
import logging
import time

import pytest
from django.test import Client, RequestFactory

from talapker.core import health, metrics
from talapker.core.logs import JsonFormatter, MaskingFilter, request_id_set

pytestmark = pytest.mark.django_db

PIN = "21503198500123"


def test_liveness_answers_ok_uncached_without_a_language(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readiness_answers_ready_when_the_database_and_queue_do(client: Client) -> None:
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})
    assert "no-store" in response["Cache-Control"]


def test_readiness_names_what_is_down(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_queue", lambda: "queue: ConnectionError")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "queue: ConnectionError"}


def test_readiness_does_not_hang_with_a_database_that_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(health, "_check", lambda: time.sleep(2) or "")
    assert health.readiness_problem(timeout=0.1) == "no answer within 0.1 s"


def test_metrics_are_for_allowed_addresses_only(client: Client, settings, election) -> None:  # type: ignore[no-untyped-def]
    client.get("/healthz")
    response = client.get("/metrics")  # the test client is 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    assert "talapker_elections 1.0" in text
    assert "talapker_findings_open 0.0" in text
    assert "talapker_complaints_overdue 0.0" in text
    assert "talapker_queue_pending" in text
    assert 'talapker_http_request_duration_seconds_count{method="GET",status="2xx"}' in text
    assert "/healthz" not in text  # never a path
    settings.TALAPKER_METRICS_ALLOW = "10.0.0.0/8"
    assert client.get("/metrics").status_code == 404


def test_metrics_take_a_bearer_token_from_anywhere(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TALAPKER_METRICS_ALLOW = ""
    settings.TALAPKER_METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 404
    bad = client.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 404
    good = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert good.status_code == 200


def test_metrics_behind_a_proxy_judge_the_forwarded_client(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TALAPKER_PROXY_COUNT = 1
    relayed = RequestFactory().get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert not metrics.allowed(relayed)
    local = RequestFactory().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="::1")
    assert metrics.allowed(local)


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("talapker.test", logging.WARNING, __file__, 1, message, args, None)


def test_a_pin_in_a_log_message_is_masked() -> None:
    for entry in (record(f"lookup for {PIN} failed"), record("lookup for %s failed", PIN)):
        assert MaskingFilter().filter(entry)
        assert entry.getMessage() == f"lookup for {'•' * 14} failed"


def test_json_log_lines_carry_the_request_id_and_no_pin() -> None:
    token = request_id_set("f00d-42")
    try:
        line = json.loads(JsonFormatter().format(record("account %s", "KG1234567890123456")))
    finally:
        from talapker.core.logs import REQUEST_ID

        REQUEST_ID.reset(token)
    assert line["level"] == "WARNING"
    assert line["logger"] == "talapker.test"
    assert line["message"] == f"account KG{'•' * 16}"
    assert line["request_id"] == "f00d-42"
    assert line["time"].endswith("+00:00")


def test_an_odd_request_id_is_left_out() -> None:
    token = request_id_set("<script>")
    try:
        assert "request_id" not in json.loads(JsonFormatter().format(record("x")))
    finally:
        from talapker.core.logs import REQUEST_ID

        REQUEST_ID.reset(token)
