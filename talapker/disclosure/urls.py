"""Public pages under a language prefix (/ky/, /ru/, /en/). The paths are a contract
(interfaces.md, "Pages"): add freely, never rename."""

from django.urls import path

from talapker.disclosure import feeds, views
from talapker.disclosure.views import (
    ads,
    candidates,
    donors,
    draw,
    embed,
    export,
    finance,
    findings,
    scans,
    versions,
)

P = "elections/<slug:election>/parties/<slug:party>"

app_name = "disclosure"
urlpatterns = [
    path("", views.home, name="home"),
    path("elections/<slug:election>/", views.election_detail, name="election"),
    path("elections/<slug:election>/feed.atom", feeds.ElectionFeed(), name="election-feed"),
    path("elections/<slug:election>/parties/<slug:party>/", views.party_detail, name="party"),
    path(
        "elections/<slug:election>/parties/<slug:party>/programme.pdf",
        views.party_programme,
        name="party-programme",
    ),
    path(
        "elections/<slug:election>/parties/<slug:party>/candidates/<int:position>/",
        views.candidate_detail,
        name="candidate",
    ),
    path("elections/<slug:election>/finance/", finance.election_finance, name="finance"),
    path(
        "elections/<slug:election>/finance/contributions.csv",
        export.contributions_csv,
        name="finance-csv",
    ),
    path("elections/<slug:election>/findings/", findings.findings_register, name="findings"),
    path("elections/<slug:election>/ads/", ads.election_ads, name="ads"),
    path("elections/<slug:election>/draw/", draw.election_draw, name="draw"),
    path(
        "elections/<slug:election>/candidates/",
        candidates.election_candidates,
        name="candidates",
    ),
    path("elections/<slug:election>/draw/protocol.json", draw.draw_protocol, name="draw-protocol"),
    path("elections/<slug:election>/donors/<slug:ref>/", donors.donor_detail, name="donor"),
    path(f"{P}/finance/", finance.fund_finance, name="fund-finance"),
    path(f"{P}/finance/feed.atom", feeds.FundFeed(), name="fund-feed"),
    path(f"{P}/finance/embed/", embed.fund_embed, name="fund-embed"),
    path(f"{P}/finance/contributions/", finance.fund_contributions, name="contributions"),
    path(
        f"{P}/finance/contributions/<int:line>/",
        finance.contribution_detail,
        name="contribution",
    ),
    path(f"{P}/finance/expenditures/", finance.fund_expenditures, name="expenditures"),
    path(
        f"{P}/finance/reports/<str:kind>/<int:number>/",
        versions.version_detail,
        name="version",
    ),
    path(
        f"{P}/finance/expenditures/<int:line>/",
        finance.expenditure_detail,
        name="expenditure",
    ),
    path(f"{P}/finance/reports/<str:kind>/<int:number>/scan/", scans.scan, name="scan"),
    path(
        f"{P}/finance/reports/<str:kind>/<int:number>/scan/<int:page>.png",
        scans.scan_page,
        name="scan-page",
    ),
    path(f"{P}/finance/reports/<str:kind>/<int:number>/scan.pdf", scans.scan_pdf, name="scan-pdf"),
]
