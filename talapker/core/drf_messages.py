"""Django REST framework's own messages that API clients meet, listed so that they are
extracted into our catalogues: DRF ships no Kyrgyz translation. Django looks a message up in
the project's catalogues (LOCALE_PATHS) before the apps', so ours answer under /ky/ and for
`Accept-Language: ky`. Nothing calls these; the list is read by makemessages only."""

from django.utils.translation import gettext_noop

DRF_MESSAGES = (
    gettext_noop("A server error occurred."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    gettext_noop("Invalid token."),
    gettext_noop("User inactive or deleted."),
    gettext_noop("Invalid page."),
    gettext_noop("Invalid cursor"),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be blank."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
)
