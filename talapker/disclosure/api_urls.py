"""/api/v1/: the public read-only resources, the OpenAPI document and its docs page."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from talapker.audit import urls as audit_urls
from talapker.banking import api as banking_api
from talapker.complaints import urls as complaints_urls
from talapker.compliance import api as compliance_api
from talapker.disclosure import (
    api,
    api_ads,
    api_changes,
    api_donors,
    api_draw,
    api_funds,
    api_transactions,
)
from talapker.filings import api as filings_api
from talapker.results import urls as results_urls
from talapker.voters import api_urls as voters_api_urls

E = "elections/<slug:election>"
P = f"{E}/parties/<slug:party>"

# Swagger UI sets inline styles; this one page allows them, nothing else does.
docs_view = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="openapi")
)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs", docs_view, name="api-docs"),
    path("elections", api.ElectionList.as_view(), name="api-elections"),
    path(E, api.ElectionDetail.as_view(), name="api-election"),
    path(f"{E}/parties", api.PartyList.as_view(), name="api-parties"),
    path(P, api.PartyDetail.as_view(), name="api-party"),
    path(f"{P}/candidates", api.CandidateList.as_view(), name="api-candidates"),
    path(f"{P}/candidates/<int:position>", api.CandidateDetail.as_view(), name="api-candidate"),
]

urlpatterns += [
    path(f"{E}/funds", api_funds.FundList.as_view(), name="api-funds"),
    path(f"{E}/funds/<str:fund>/reports", filings_api.ReportList.as_view(), name="api-reports"),
    path("bank/statements", banking_api.StatementCreate.as_view(), name="api-bank-statements"),
    path(f"{E}/findings", compliance_api.FindingList.as_view(), name="api-findings"),
    path(f"{E}/donors", api_donors.DonorList.as_view(), name="api-donors"),
    path(
        f"{E}/contributions", api_transactions.ContributionList.as_view(), name="api-contributions"
    ),
    path(f"{E}/expenditures", api_transactions.ExpenditureList.as_view(), name="api-expenditures"),
    path(f"{E}/changes", api_changes.ChangeList.as_view(), name="api-changes"),
    path(f"{E}/ads", api_ads.AdList.as_view(), name="api-ads"),
    path(f"{E}/draw", api_draw.DrawDetail.as_view(), name="api-draw"),
]

urlpatterns += voters_api_urls.urlpatterns
urlpatterns += results_urls.api_urlpatterns
urlpatterns += complaints_urls.api_urlpatterns
urlpatterns += audit_urls.api_urlpatterns
