"""Who reaches a workshop, and how.

Facilitators come through their membership, like every other object:
another organization's workshop is a 404. Participants, members and guests
alike, come through a signed cookie that names one participant of one
workshop; it grants the current question of that workshop and nothing else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse

from accounts.access import Permission, can_facilitate
from accounts.models import Membership
from assessor.access import assessment_for_user
from assessor.models import Assessment
from assessor.workshops.models import Workshop

COOKIE = "workshop"
COOKIE_SALT = "assessor.workshops.participant"
# Long enough for a full-day workshop; closing the workshop ends access sooner.
COOKIE_MAX_AGE = 14 * 3600


def workshop_for_user(
    user, slug: str, code, workshop_code, *, require: Permission = can_facilitate
) -> tuple[Membership, Assessment, Workshop]:
    """The user's membership, the assessment and its workshop `workshop_code`."""
    membership, assessment = assessment_for_user(user, slug, code, require=require)
    try:
        workshop = Workshop.objects.get(code=workshop_code, assessment=assessment)
    except (Workshop.DoesNotExist, ValueError):
        raise Http404 from None
    # Reuse the loaded assessment (with its framework and organization).
    workshop.assessment = assessment
    return membership, assessment, workshop


@dataclass(frozen=True)
class Seat:
    """What a participant's cookie proves: who they are in which workshop, and
    the language they chose for their phone ("" for the room's)."""

    workshop_code: str
    participant_id: int
    language: str = ""


def seat_of(request: HttpRequest, workshop_code) -> Seat | None:
    """The participant seat the request's cookie holds in this workshop, if any."""
    try:
        value = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return seat_from(value, workshop_code)


def seat_from(value: str, workshop_code) -> Seat | None:
    """The seat a verified cookie value `code:participant[:language]` names
    in this workshop, if any (the language part is absent in cookies given
    before phones could pick one)."""
    code, _, rest = value.partition(":")
    participant, _, language = rest.partition(":")
    if code != str(workshop_code) or not participant.isdigit():
        return None
    if language not in dict(settings.LANGUAGES):
        language = ""
    return Seat(code, int(participant), language)


def give_seat(
    response: HttpResponse, workshop: Workshop, participant_id: int, language: str = ""
) -> None:
    # The phone's own language rides in the seat, not the session: the
    # unchanged poll, which must not load a session, needs it for its ETag
    # (assessor/workshops/unchanged_polls.py).
    response.set_signed_cookie(
        COOKIE,
        f"{workshop.code}:{participant_id}:{language}",
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def take_seat(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")
