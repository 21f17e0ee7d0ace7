"""What every API operation may answer besides its own success, declared once in the OpenAPI
document (a drf-spectacular postprocessing hook) instead of on each view.

Every error is a JSON problem (core/api/errors.py): `Problem`, or for a refused query
parameter or field DRF's `{"name": ["reason", …]}` (`FieldProblems`). Reads also answer 304
to a conditional request, and carry the validators and caching headers of
docs/decisions/0011-http-caching.md.
"""

from __future__ import annotations

from typing import Any

PROBLEM = {
    "type": "object",
    "description": "An error, in the language of Accept-Language (ky, ru, en).",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "code": {
            "type": "string",
            "description": "A stable code for programs: not_found, invalid_cursor, "
            "method_not_allowed, not_acceptable, throttled, busy, …",
        },
    },
    "required": ["detail", "code"],
}
FIELD_PROBLEMS = {
    "type": "object",
    "description": "Refused query parameters or fields: each name with its reasons.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERRORS = {
    "anyOf": [
        {"$ref": "#/components/schemas/Problem"},
        {"$ref": "#/components/schemas/FieldProblems"},
    ]
}


def _header(description: str) -> dict[str, Any]:
    return {"schema": {"type": "string"}, "description": description}


VALIDATORS = {
    "ETag": _header("A weak validator of this answer: send it back in If-None-Match."),
    "Last-Modified": _header(
        "When the public data last changed (absent for two seconds after a change)."
    ),
    "Cache-Control": _header(
        "`public, max-age=60` for everyone's reads; `private, no-store` otherwise."
    ),
}
RETRY_AFTER = {"Retry-After": _header("Seconds to wait before asking again.")}


def _problem(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ERRORS}},
    }
    if headers:
        response["headers"] = headers
    return response


COMMON = {
    "400": _problem("A malformed request: a bad cursor, filter value or format."),
    "404": _problem("No such election, party, fund or other resource."),
    "406": _problem("The Accept header asks for a format this resource has not."),
    "429": _problem("Too many requests from this client (the rate limit).", RETRY_AFTER),
}
WRITES = {
    "401": _problem("No credentials, or wrong ones."),
    "403": _problem("The credentials do not allow this."),
    "415": _problem("A body of a media type this operation does not read."),
    "503": _problem("The database was busy with another write: send it again.", RETRY_AFTER),
}
NOT_MODIFIED = {
    "description": "Not modified: the copy named by If-None-Match or If-Modified-Since is "
    "still this answer (no body).",
    "headers": VALIDATORS,
}


def error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular's POSTPROCESSING_HOOKS entry: the problems, the 304 and the
    validators on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    schemas["FieldProblems"] = FIELD_PROBLEMS
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, response in COMMON.items():
                responses.setdefault(status, response)
            if method in ("get", "head"):
                responses.setdefault("304", NOT_MODIFIED)
                for status, response in responses.items():
                    if status.startswith("2"):
                        response.setdefault("headers", {}).update(VALIDATORS)
            else:
                for status, response in WRITES.items():
                    responses.setdefault(status, response)
    return result
