"""The staff admin covers every model of the platform (read-only where data changes only
through imports and filings)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin

NOT_IN_ADMIN = {
    "filings.idempotencykey",  # bookkeeping of API retries, nothing to look at
}


def test_every_model_of_the_platform_is_in_the_admin() -> None:
    missing = [
        model._meta.label_lower
        for config in apps.get_app_configs()
        if config.name.startswith("talapker.")
        for model in config.get_models()
        if model not in admin.site._registry and model._meta.label_lower not in NOT_IN_ADMIN
    ]
    assert missing == []


@pytest.mark.django_db
def test_a_refused_page_explains_itself_in_the_page_language(client, fund) -> None:  # type: ignore[no-untyped-def]
    from talapker.accounts.models import Role
    from talapker.accounts.testing import make_user, sign_in

    sign_in(client, make_user("treasurer", Role.FILER, fund=fund))
    response = client.get("/en/staff/")
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert "Уруксат жок" in client.get("/ky/staff/").content.decode()
