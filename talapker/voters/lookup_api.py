"""The API of "am I on the list?" (lookup.py says what an answer may tell).

- `POST elections/{election}/voter-lookup`, JSON `{"pin", "birth_date"}`: 200 with
  `{"found": true, "precinct": {...}}` or `{"found": false}` for every kind of failure; 400
  only for a body of another shape; 429 past the limits.
- `POST bot/voter-lookup`: the chat-bot webhook (bot.py), for an adapter that holds the
  shared secret `TALAPKER_BOT_TOKEN` (sent as `X-Talapker-Bot-Token`); without one configured
  the endpoint does not exist (404).

Neither reads a session or a token (no CSRF, nothing of a signed-in user) nor the API's
default per-address limit: the lookup limits replace it.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talapker.core.forms import DAY_FORMATS
from talapker.voters.bot import LANGUAGES, bot_reply
from talapker.voters.lookup import NoRegister, lookup_limit, voter_lookup

BOT_HEADER = "X-Talapker-Bot-Token"


class VoterLookupQuestion(serializers.Serializer):
    pin = serializers.CharField(
        allow_blank=True, help_text="14 digits; anything else is simply not found."
    )
    birth_date = serializers.DateField(
        input_formats=list(reversed(DAY_FORMATS)), help_text="YYYY-MM-DD (or DD.MM.YYYY)."
    )


class VoterLookupStation(serializers.Serializer):
    code = serializers.CharField()
    name_ky = serializers.CharField()
    name_ru = serializers.CharField()
    address = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-3")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    map = serializers.URLField(help_text="The station on OpenStreetMap.")


class VoterLookupAnswer(serializers.Serializer):
    found = serializers.BooleanField()
    precinct = VoterLookupStation(required=False, help_text="Only when found.")


class BotMessage(serializers.Serializer):
    chat_id = serializers.CharField(max_length=200)
    language = serializers.ChoiceField(choices=LANGUAGES)
    text = serializers.CharField(allow_blank=True, max_length=1000, trim_whitespace=False)
    election = serializers.CharField(required=False, allow_blank=True, max_length=64)


class BotAnswer(serializers.Serializer):
    chat_id = serializers.CharField()
    text = serializers.CharField(help_text="What to send back to the chat, in its language.")


def _throttled(text: str, wait: int, body: dict[str, str]) -> Response:
    return Response(
        {**body, "detail": text, "code": "throttled"},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(wait)},
    )


class VoterLookup(APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="voter_lookup",
        request=VoterLookupQuestion,
        responses={
            200: VoterLookupAnswer,
        },
        description=(
            'Am I on the voter list? One "not found" for every failure (unknown or malformed '
            "PIN, wrong birth date, not a voter). Never put the PIN in the URL. 404: no such "
            "election, or its register is not built. 429: too many lookups from this address, "
            "or from everyone together."
        ),
    )
    def post(self, request: Request, election: str) -> Response:
        """A voter's own polling station, by PIN and birth date (in the body)."""
        question = VoterLookupQuestion(data=request.data)
        question.is_valid(raise_exception=True)
        refusal = lookup_limit(request)
        if refusal is not None:
            return _throttled(refusal.text, refusal.wait, {})
        data = question.validated_data
        try:
            station = voter_lookup(election, data["pin"], data["birth_date"])
        except NoRegister:
            raise NotFound() from None
        if station is None:
            return Response({"found": False})
        return Response({"found": True, "precinct": station.as_json()})


class BotLookup(APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="bot_voter_lookup",
        parameters=[
            OpenApiParameter(
                BOT_HEADER, str, OpenApiParameter.HEADER, required=True, description="The secret."
            )
        ],
        request=BotMessage,
        responses={
            200: BotAnswer,
            429: OpenApiResponse(
                response=BotAnswer, description="Too many lookups: the text says so."
            ),
        },
        description=(
            "The chat-bot webhook: a Telegram or WhatsApp adapter passes a message "
            '("<PIN> <birth date>") and sends the answer\'s text back to the chat. 403: a wrong '
            "or missing secret; 404: no bot is configured on this server."
        ),
    )
    def post(self, request: Request) -> Response:
        """Answer one chat message."""
        secret: str = getattr(settings, "TALAPKER_BOT_TOKEN", "") or ""
        if not secret:
            raise NotFound()
        given = request.headers.get(BOT_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            raise PermissionDenied()
        message = BotMessage(data=request.data)
        message.is_valid(raise_exception=True)
        data = message.validated_data
        reply = bot_reply(
            request,
            chat=data["chat_id"],
            language=data["language"],
            text=data["text"],
            election=data.get("election", ""),
        )
        body = {"chat_id": data["chat_id"], "text": reply.text}
        if reply.wait is not None:
            return _throttled(reply.text, reply.wait, body)
        return Response(body)
