"""Rate limits: anonymous clients by address, signed-in writers by account, counted where
every worker sees the same counts; over the limit a 429 problem in the requester's language
with Retry-After. The test settings turn the limits off; these tests turn them on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from talapker.accounts.models import Role
from talapker.accounts.services import issue_token
from talapker.accounts.testing import make_user
from talapker.core.http import throttles
from talapker.core.http.caches import cache_settings, counters_setting
from talapker.core.http.counters import SQLiteCounters
from talapker.core.tests.language import english_words

pytestmark = pytest.mark.django_db

ELECTIONS = "/api/v1/elections"
TEXTS = {"ky": "Суроо", "ru": "Слишком много запросов", "en": "Request was throttled."}


@pytest.fixture
def limits(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Three requests a minute for anonymous clients, five for each signed-in one, counted
    in a counters file of this test's own."""
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    return settings


def _statuses(client: Client, n: int, **headers: Any) -> list[int]:
    return [client.get(ELECTIONS, **headers).status_code for _ in range(n)]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_over_the_limit_is_a_429_problem_in_the_requesters_language(
    client: Client, election, limits, language: str
) -> None:
    assert _statuses(client, 3) == [200, 200, 200]
    response = client.get(ELECTIONS, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith(TEXTS[language])
    if language != "en":
        assert english_words(body["detail"]) == []
    assert 1 <= int(response["Retry-After"]) <= 120
    assert "no-store" in response["Cache-Control"]


def test_each_address_has_its_own_count_and_x_forwarded_for_is_not_an_address(
    client: Client, election, limits
) -> None:
    spoofed = [
        client.get(ELECTIONS, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(4)
    ]
    assert spoofed == [200, 200, 200, 429]
    assert _statuses(client, 1, REMOTE_ADDR="192.0.2.7") == [200]


def test_behind_one_proxy_the_address_it_saw_counts(client: Client, election, limits) -> None:
    limits.REST_FRAMEWORK = {**limits.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert _statuses(client, 3, HTTP_X_FORWARDED_FOR="198.51.100.1") == [200, 200, 200]
    assert _statuses(client, 1, HTTP_X_FORWARDED_FOR="198.51.100.1") == [429]
    assert _statuses(client, 1, HTTP_X_FORWARDED_FOR="forged, 198.51.100.2") == [200]


def test_a_writer_has_a_rate_of_its_own(client: Client, election, limits) -> None:
    key = issue_token(make_user("bank", Role.BANK, bank="KICB"), "statements")
    assert _statuses(client, 3) == [200, 200, 200]  # the address's anonymous limit is spent
    assert _statuses(client, 6, HTTP_AUTHORIZATION=f"Token {key}") == [200] * 5 + [429]


def test_an_answer_from_the_response_cache_counts_and_a_304_does_not(
    client: Client, election, limits
) -> None:
    limits.TALAPKER_API_CACHE_SECONDS = 60
    first = client.get(ELECTIONS)
    etag = first["ETag"]
    for _ in range(5):
        assert client.get(ELECTIONS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert _statuses(client, 3) == [200, 200, 429]  # two from the cache, then refused
    refused = client.get(ELECTIONS)
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1


COUNT_IN_ANOTHER_PROCESS = """
import sys
from pathlib import Path
from talapker.core.http.counters import SQLiteCounters
store = SQLiteCounters(Path(sys.argv[1]))
for _ in range(100):
    store.count("client", 60)
"""


def test_the_counters_are_shared_by_processes_and_lose_no_count(tmp_path: Path) -> None:
    """gunicorn's workers are processes: each must see the others' counts."""
    path = str(tmp_path / "counters.sqlite3")
    workers = [
        subprocess.Popen([sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, path]) for _ in range(3)
    ]
    assert [worker.wait(timeout=60) for worker in workers] == [0, 0, 0]
    assert SQLiteCounters(Path(path)).read(["client"]) == {"client": 300}


def test_an_expired_counter_starts_again(tmp_path: Path) -> None:
    store = SQLiteCounters(tmp_path / "counters.sqlite3")
    assert store.count("a", -1) == 1
    assert store.read(["a"]) == {}
    assert store.count("a", 60) == 1
    assert store.count("a", 60) == 2


def test_the_caches_are_shared_files_or_redis_never_per_process(tmp_path: Path) -> None:
    files = cache_settings(tmp_path, "")
    assert {c["BACKEND"] for c in files.values()} == {"talapker.core.http.filecache.FileCache"}
    assert all(c["LOCATION"].startswith(str(tmp_path)) for c in files.values())
    assert counters_setting(tmp_path, "") == str(tmp_path / "cache" / "counters.sqlite3")
    redis = cache_settings(tmp_path, "redis://cache:6379/1")
    assert {c["BACKEND"] for c in redis.values()} == {"django.core.cache.backends.redis.RedisCache"}
    assert counters_setting(tmp_path, "redis://cache:6379/1") == "cache"
    with pytest.raises(ImproperlyConfigured):
        cache_settings(tmp_path, "memcached://cache:11211")


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_sliding_window_weighs_the_previous_window(
    tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10/minute", "user": None},
    }
    clock = _Clock(6000.0)  # the start of a window
    monkeypatch.setattr(throttles.AnonThrottle, "timer", clock)
    request = type("Request", (), {"user": None, "META": {"REMOTE_ADDR": "192.0.2.1"}})()
    request.headers = {}  # type: ignore[attr-defined]

    def allowed() -> bool:
        return bool(throttles.AnonThrottle().allow_request(request, None))

    assert all(allowed() for _ in range(10))
    throttle = throttles.AnonThrottle()
    assert not throttle.allow_request(request, None)
    assert throttle.wait() == pytest.approx(60.0)  # the window's end, then its weight fades
    clock.now = 6060.0 + 30  # half-way through the next window: 10 x 0.5 = 5 still count
    assert [allowed() for _ in range(6)] == [True] * 5 + [False]
    clock.now = 6060.0 + 60  # the next window again: only the 5 of this one, x 1.0 ... x 0
    assert allowed()
