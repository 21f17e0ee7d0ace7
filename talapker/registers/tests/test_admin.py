"""Commission staff can look the registers up in the admin, and change nothing there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talapker.registers.models import (
    Conviction,
    Diploma,
    Founder,
    LanguageCertificate,
    LegalEntity,
    Person,
    RegisterSnapshot,
    TaxDebtor,
)

MODELS = [
    Person, LegalEntity, Founder, TaxDebtor, Conviction, LanguageCertificate, Diploma,
    RegisterSnapshot,
]  # fmt: skip

pytestmark = pytest.mark.usefixtures("all_samples_imported")


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:registers_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_register_is_listed_and_shown(admin_client, model) -> None:
    listing = admin_client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    row = model.objects.order_by("id").first()
    assert admin_client.get(admin_url(model, "change", row.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_register_row_can_be_added_changed_or_deleted(admin_client, model) -> None:
    row = model.objects.order_by("id").first()
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("term", ["21611195900123", "Жээнбеков", "Jeenbekov", "ZHEENBEKOV"])
def test_people_are_found_by_pin_or_by_any_spelling_of_the_name(admin_client, term) -> None:
    page = admin_client.get(admin_url(Person, "changelist"), {"q": term})

    assert list(page.context["cl"].result_list.values_list("pin", flat=True)) == ["21611195900123"]


def test_entities_are_found_by_inn_and_founders_by_either_inn(admin_client) -> None:
    page = admin_client.get(admin_url(LegalEntity, "changelist"), {"q": "00909201900062"})
    assert [e.inn for e in page.context["cl"].result_list] == ["00909201900062"]
    page = admin_client.get(admin_url(Founder, "changelist"), {"q": "00909201900062"})
    assert {f.entity_inn for f in page.context["cl"].result_list} == {
        "00909201900062",  # its own founder
        "00511199810023",  # the entity it founded
    }
