"""The demonstration's complaints: one handler account per body (`handler-<body>`, in
`demo-credentials.json` beside the others), and complaints of every category and every
state through the campaign and around election day: received, being examined, waiting for
the complainant, decided (some answers public), joined to another, forwarded, linked to
ads and findings, with photos; those left open past their deadline are escalated.

Idempotent: the accounts are brought in line with the credentials file, and the complaints
are made only when the election has none.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from PIL import Image, ImageDraw

from talapker.accounts.models import Role
from talapker.accounts.otp import authenticator_for
from talapker.accounts.services import ensure_demo_user
from talapker.ads.models import Ad
from talapker.complaints.deadlines import elections_open_for_complaints, last_day_to_file
from talapker.complaints.defaults import default_table_ensure
from talapker.complaints.filing import ComplaintData, complaint_file, complaint_reply
from talapker.complaints.handling import (
    complaint_ask,
    complaint_decide,
    complaint_forward,
    complaint_join,
    complaint_take,
)
from talapker.complaints.links import complaint_ad_link, complaint_finding_link
from talapker.complaints.models import Body, Complaint
from talapker.complaints.overdue import complaints_escalate
from talapker.complaints.uploads import CheckedFile, file_check
from talapker.compliance.models import Finding
from talapker.demo.money import _credentials_file
from talapker.elections.models import Election
from talapker.voters.models import HOME, Precinct


@dataclass(frozen=True)
class Story:
    """One demonstration complaint: when (days from election day, hour), what, where, and
    what became of it."""

    days: int
    hour: int
    category: str
    region: str
    text: str
    then: str  # new, taken, waiting, replied, decided, public, joined, forwarded
    answer: str = ""
    photo: bool = False
    station: bool = False


STORIES = (
    Story(-40, 10, "campaigning", "naryn",
          "Айылдык клубда шайлоо үгүтү эрте башталды, плакаттар илинип жатат.", "decided",
          "Үгүт материалдары алынды; талапкерге эскертүү берилди."),
    Story(-30, 16, "unpaid_ads", "bishkek",
          "Социалдык тармакта төлөөчүсү көрсөтүлбөгөн саясий жарнама чыгып жатат.", "public",
          "Жарнама төлөөчүсүз жарыяланганы ырасталды; партия отчётуна чыгым киргизилиши "
          "талап кылынды.", photo=True),
    Story(-25, 12, "foreign", "chui",
          "Чет өлкөлүк фонд шайлоо алдындагы иш-чараны каржылап жатат деген маалымат бар.",
          "taken"),
    Story(-20, 18, "pressure", "jalal-abad",
          "Мекеменин жетекчиси кызматкерлерди белгилүү талапкерге добуш берүүгө мажбурлап "
          "жатат.", "waiting"),
    Story(-14, 11, "other", "osh-city",
          "Шайлоочулардын тизмесинде каза болгон адамдардын аттары бар.", "forwarded"),
    Story(-10, 9, "vote_buying", "osh",
          "Кечинде үйлөргө кирип, шайлоочуларга 2000 сомдон акча таратышты.", "taken",
          photo=True),
    Story(-6, 15, "campaigning", "talas",
          "Мектептин имаратында талапкердин жолугушуусу сабак учурунда өттү.", "new"),
    Story(-3, 13, "pressure", "batken",
          "Студенттерге добуш бергенин сүрөткө тартып көрсөтүүнү буйрушту.", "replied"),
    Story(-1, 20, "vote_buying", "bishkek",
          "Шайлоо участкасынын жанында азык-түлүк топтомдору таратылды.", "public",
          "Милиция фактыны каттап, кылмыш иши козголду.", photo=True),
    Story(0, 9, "precinct", "bishkek",
          "Участкага байкоочуларды киргизишкен жок.", "public",
          "Участкалык комиссиянын төрагасына эскертүү берилди; байкоочулар киргизилди.",
          station=True),
    Story(0, 10, "precinct", "bishkek",
          "Байкоочуларды участкага киргизбей коюшту, эшик жабык.", "joined", station=True),
    Story(0, 14, "vote_buying", "issyk-kul",
          "Автобус менен шайлоочуларды ташып, акча берип жатышат.", "new"),
    Story(1, 11, "precinct", "abroad",
          "Чет өлкөдөгү участкада бюллетендер жетишпей калды.", "decided",
          "Бюллетендердин кошумча партиясы жеткирилди; добуш берүү уланды."),
)  # fmt: skip
QUESTION = "Окуя кайсы мекемеде болду? Күбөлөр барбы?"
REPLY = "Райондук билим берүү бөлүмүндө; эки кесиптешим күбө."
FORWARD_REASON = "Тизмедеги маалыматтар БШКнын реестр бөлүмүнө таандык."


def demo_complaints(election: Election, say: Callable[[str], None]) -> int:
    """The handlers' accounts, then the complaints if the election has none; returns how
    many complaints were made."""
    default_table_ensure()
    demo_handlers(say)
    if Complaint.objects.filter(election=election).exists():
        return 0
    stations = list(Precinct.objects.filter(country=HOME).order_by("code")[:1])
    made: dict[str, Complaint] = {}
    for n, story in enumerate(STORIES):
        at = _at(election, story)
        if at > timezone.now():
            continue  # a demonstration prepared before its election day has no such story
        complaint = complaint_file(
            ComplaintData(
                election=election,
                category=story.category,
                region=story.region,
                occurred_on=timezone.localdate(at),
                occurred_time=(at - dt.timedelta(hours=1)).time().replace(second=0),
                text=story.text,
                precinct=stations[0].code if story.station and stations else "",
                contact=f"+996 555 00 00 {n:02d}" if n % 3 == 0 else "",
                files=(_photo(n),) if story.photo else (),
            ),
            channel="web" if n % 4 else "api",
            at=at,
        )
        _then(complaint, story, at, made)
        made[story.then] = complaint
    _links(election)
    if election in elections_open_for_complaints():  # one just sent, its deadline ahead
        complaint_file(
            ComplaintData(
                election=election,
                category="other",
                region="talas",
                occurred_on=timezone.localdate(),
                text="Шайлоонун жыйынтыгы жарыялангандан кийин участкада тополоң болду.",
            ),
            at=timezone.now() - dt.timedelta(hours=1),
        )
    escalated = complaints_escalate()
    count = Complaint.objects.filter(election=election).count()
    say(f"filed {count} demonstration complaints ({escalated} past their deadline)")
    return count


def _at(election: Election, story: Story) -> dt.datetime:
    day = election.election_day + dt.timedelta(days=story.days)
    day = min(day, last_day_to_file(election))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(story.hour)))


def _handler(complaint: Complaint) -> str:
    return f"handler-{complaint.body.code}" if complaint.body else "auditor"


def _then(complaint: Complaint, story: Story, at: dt.datetime, made: dict[str, Complaint]) -> None:
    """What the staff did with the complaint, hours after it came."""
    actor = _handler(complaint)
    hours = dt.timedelta(hours=1)
    if story.then == "new":
        return
    if story.then == "forwarded":
        complaint_forward(
            complaint,
            Body.objects.get(code="prosecutor"),
            FORWARD_REASON,
            actor=actor,
            at=at + 2 * hours,
        )
        return
    if story.then == "joined":
        main = made.get("public")
        if main is not None and main.election_id == complaint.election_id:
            complaint_join(complaint, main, actor=actor, at=at + hours)
        return
    complaint_take(complaint, actor=actor, at=at + hours)
    if story.then in ("waiting", "replied"):
        complaint_ask(complaint, QUESTION, actor=actor, at=at + 3 * hours)
    if story.then == "replied":
        complaint_reply(complaint, REPLY, at=at + 20 * hours)
    if story.then in ("decided", "public"):
        quick = story.days >= -1  # around election day, within hours
        later = at + (6 * hours if quick else dt.timedelta(days=2))
        outcome = "confirmed" if story.then == "public" else "not_confirmed"
        complaint_decide(
            complaint, outcome, story.answer, public=story.then == "public", actor=actor, at=later
        )


def _links(election: Election) -> None:
    """The complaint about an ad without a payer, linked to an ad and a finding of the
    election, and the one about foreign money to a finding about foreign money."""
    unpaid = Complaint.objects.filter(election=election, category="unpaid_ads").first()
    foreign = Complaint.objects.filter(election=election, category="foreign").first()
    ad = Ad.objects.filter(election=election).order_by("ad_id").first()
    if unpaid is not None and ad is not None:
        complaint_ad_link(unpaid, ad, actor="auditor")
    for complaint, rules in (
        (unpaid, ("AD_THIRD_PARTY_PAYER", "AD_SPEND_UNDECLARED")),
        (foreign, ("AD_FOREIGN_PAYER", "ENTITY_FOREIGN_PARTICIPATION")),
    ):
        finding = Finding.objects.filter(election=election, rule__in=rules).order_by("pk").first()
        if complaint is not None and finding is not None:
            complaint_finding_link(complaint, finding.pk, actor="auditor")


def _photo(n: int) -> CheckedFile:
    """A small picture standing for a photo from a phone."""
    image = Image.new("RGB", (320, 240), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40 + 10 * n, 60, 200 + 5 * n, 200), fill=(27, 58, 107))
    draw.ellipse((200, 40, 300, 140), fill=(200, 60, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return file_check(f"IMG_{2040 + n}.jpg", out.getvalue())


def demo_handlers(say: Callable[[str], None]) -> None:
    """A handler account per body, kept in the demo's credentials file with the others."""
    path = _credentials_file()
    people: dict[str, dict[str, str]] = (
        json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    )
    added = []
    for body in Body.objects.order_by("code"):
        username = f"handler-{body.code}"
        entry = people.setdefault(username, {})
        if not entry:
            entry.update(
                role=Role.HANDLER,
                body=body.code,
                password=secrets.token_urlsafe(12),
                totp_key_hex=secrets.token_hex(20),
            )
            added.append(username)
        user = ensure_demo_user(
            username,
            Role.HANDLER,
            body=body.code,
            password=entry["password"],
            totp_key_hex=entry["totp_key_hex"],
        )
        authenticator = authenticator_for(user)
        if authenticator is not None:
            entry["totp_key_base32"] = authenticator.secret_base32
            entry["totp_uri"] = authenticator.provisioning_uri
    path.write_text(json.dumps(people, ensure_ascii=False, indent=1), encoding="utf-8")
    path.chmod(0o600)
    if added:
        say(f"complaint handlers ({', '.join(added)}) are in {path}")
