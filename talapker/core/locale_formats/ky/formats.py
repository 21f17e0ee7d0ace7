"""Kyrgyz dates as the commission writes them: "9-декабрь 2026-ж." (see the package)."""

DATE_FORMAT = "j-E Y-ж."
DATETIME_FORMAT = "j-E Y-ж. G:i"
YEAR_MONTH_FORMAT = "F Y-ж."
MONTH_DAY_FORMAT = "j-E"
