"""Logs without personal data, as JSON lines when asked (docs/runbooks/deployment.md, "Logs").

`MaskingFilter` masks every run of twelve or more digits (a PIN, an INN, an account number)
in a record's message and arguments, as a public page would (`identifiers.mask_long_numbers`),
so a PIN that reaches a log message never reaches the log. `JsonFormatter` writes one JSON
object a line: time, level, logger, message, the request's id when there is one (taken from
the proxy's `X-Request-ID` by `metrics.MetricsMiddleware`) and the exception, masked too.
`TALAPKER_LOG_FORMAT=json` turns it on (settings/base.py); the default stays plain text.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re

from talapker.core.identifiers import mask_long_numbers

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
REQUEST_ID_SHAPE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_set(value: str) -> contextvars.Token[str]:
    """Remember the request's id for the records logged while it is answered; an id of any
    other shape (it comes from outside) is left out."""
    return REQUEST_ID.set(value if REQUEST_ID_SHAPE.fullmatch(value) else "")


class MaskingFilter(logging.Filter):
    """Masks long digit runs in the message (arguments merged in first, so none slips by)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_long_numbers(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_long_numbers(record.getMessage()),
        }
        if request_id := REQUEST_ID.get():
            line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = mask_long_numbers(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def logging_config(log_format: str) -> dict[str, object]:
    """Django's LOGGING: every record through the masking filter, as text or JSON lines."""
    formatter = (
        {"()": JsonFormatter}
        if log_format == "json"
        else {"format": "%(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"mask": {"()": MaskingFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["mask"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
    }
