"""The filer's pages under the language prefix: /{ky,ru,en}/filing/…"""

from django.urls import URLPattern, URLResolver, include, path

from talapker.filings import views

app_name = "filings"

draft_patterns: list[URLPattern | URLResolver] = [
    path("", views.draft_page, name="draft"),
    path("upload/", views.draft_upload_view, name="draft-upload"),
    path("period/", views.draft_period, name="draft-period"),
    path("file/", views.draft_file_view, name="draft-file"),
    path("discard/", views.draft_discard_view, name="draft-discard"),
    path("<str:table>/new/", views.draft_row, name="row-add"),
    path("<str:table>/<int:line>/", views.draft_row, name="row-edit"),
    path("<str:table>/<int:line>/delete/", views.draft_row_delete_view, name="row-delete"),
]

report_patterns: list[URLPattern | URLResolver] = [
    path("", views.report_page, name="report"),
    path("draft/", include(draft_patterns)),
    path("v<int:number>/", views.version_page, name="version"),
    path("v<int:number>/scan.pdf", views.version_scan, name="version-scan"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:election>/<str:fund>/<str:kind>/", include(report_patterns)),
]
