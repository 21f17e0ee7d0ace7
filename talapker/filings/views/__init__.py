"""The filer's pages (formats.md section 4): funds, reports, drafts, filed versions, scans."""

from talapker.filings.views.draft import (
    draft_discard_view,
    draft_file_view,
    draft_page,
    draft_period,
    draft_row,
    draft_row_delete_view,
    draft_upload_view,
)
from talapker.filings.views.reports import home, report_page, version_page, version_scan

__all__ = [
    "draft_discard_view",
    "draft_file_view",
    "draft_page",
    "draft_period",
    "draft_row",
    "draft_row_delete_view",
    "draft_upload_view",
    "home",
    "report_page",
    "version_page",
    "version_scan",
]
