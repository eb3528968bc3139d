"""The weekly reminder digest: one email per person with what needs them.

What it lists, per person:
- their open actions due within DUE_SOON_DAYS, and those overdue;
- evidence past its valid-until day that they keep current, or, when nobody
  is named, in organizations they facilitate (the latest assessment of each
  line only: a superseded or archived assessment's evidence is history);
- organizations they facilitate whose review date has come.

Celery beat sends `plans.periodic.send_weekly_digests` every
REMINDER_CHECK_SECONDS; from Monday REMINDER_DIGEST_HOUR (local time) each
person gets the week's digest once, whatever the number of runs: a person is
claimed for the week with one conditional UPDATE before anything is sent,
so two runs at once (or beat firing twice) cannot both send. A failed send
releases the claim so the next run tries again. A person with nothing to
hear about gets no email.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.language import language_for
from accounts.models import Membership, Organization, User
from assessor import vocabulary
from assessor.models import Answer
from assessor.plans.models import Action

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 14
FACILITATING = (Membership.Role.OWNER, Membership.Role.FACILITATOR)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week: the key a digest is sent once for."""
    return day - datetime.timedelta(days=day.weekday())


def sending_starts(day: datetime.date) -> datetime.datetime:
    """When this week's digests may go out: Monday at REMINDER_DIGEST_HOUR, local time."""
    monday = datetime.datetime.combine(week_of(day), datetime.time(settings.REMINDER_DIGEST_HOUR))
    return timezone.make_aware(monday)


@dataclass(frozen=True)
class ExpiredItem:
    organization: Organization
    assessment_title: str
    question: str
    evidence: str
    valid_until: datetime.date
    url: str


@dataclass(frozen=True)
class Linked:
    """An action or an organization, with the link the email gives it."""

    item: Action | Organization
    url: str


@dataclass
class Digest:
    user: User
    today: datetime.date
    overdue: list[Linked] = field(default_factory=list)
    due_soon: list[Linked] = field(default_factory=list)
    reviews: list[Linked] = field(default_factory=list)
    expired: list[ExpiredItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.reviews or self.expired)

    def subject(self) -> str:
        parts = []
        if self.overdue:
            parts.append(_("%(count)d overdue") % {"count": len(self.overdue)})
        if self.due_soon:
            parts.append(
                _("%(count)d due within %(days)d days")
                % {"count": len(self.due_soon), "days": DUE_SOON_DAYS}
            )
        if self.expired:
            count = len(self.expired)
            parts.append(
                ngettext(
                    "%(count)d answer on expired evidence",
                    "%(count)d answers on expired evidence",
                    count,
                )
                % {"count": count}
            )
        if self.reviews:
            count = len(self.reviews)
            parts.append(
                ngettext("%(count)d review due", "%(count)d reviews due", count) % {"count": count}
            )
        return _("%(site)s: your week (%(items)s)") % {
            "site": settings.SITE_NAME,
            "items": ", ".join(parts),
        }


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_for(user: User, today: datetime.date) -> Digest:
    """What `user` should hear about on `today` (three queries)."""
    memberships = list(Membership.objects.filter(user=user).select_related("organization"))
    member_of = [m.organization_id for m in memberships]
    facilitates = [m.organization_id for m in memberships if m.role in FACILITATING]
    digest = Digest(user=user, today=today)
    actions = (
        Action.objects.filter(
            organization_id__in=member_of,
            owner=user,
            status__in=Action.OPEN,
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("organization")
        .order_by("due_date", "title")
    )
    for action in actions:
        url = absolute(reverse("plans:action", args=[action.organization.slug, action.code]))
        (digest.overdue if action.is_overdue(today) else digest.due_soon).append(
            Linked(action, url)
        )
    digest.reviews = [
        Linked(m.organization, absolute(reverse("plans:plan", args=[m.organization.slug])))
        for m in memberships
        if m.role in FACILITATING
        and m.organization.next_review
        and m.organization.next_review <= today
    ]
    digest.expired = _expired_evidence(user, today, member_of, facilitates)
    return digest


def _expired_evidence(user, today, member_of, facilitates) -> list[ExpiredItem]:
    answers = (
        Answer.objects.filter(
            state=Answer.State.ANSWERED,
            choice="",
            evidence_valid_until__lt=today,
            assessment__organization_id__in=member_of,
            assessment__archived_at__isnull=True,
            # the latest assessment of its line: a follow-up carries the evidence on
            assessment__follow_ups__isnull=True,
        )
        .filter(
            Q(evidence_owner=user)
            | Q(evidence_owner__isnull=True, assessment__organization_id__in=facilitates)
        )
        .select_related("assessment__organization", "assessment__framework")
        .order_by("evidence_valid_until", "assessment_id", "question_key")
    )
    items = []
    for answer in answers:
        assessment = answer.assessment
        ref = vocabulary.find_question(assessment.framework.parsed, answer.question_key)
        if ref is None or ref.is_context:
            continue
        path = reverse(
            "assessor:step", args=[assessment.organization.slug, assessment.code, ref.step]
        )
        items.append(
            ExpiredItem(
                organization=assessment.organization,
                assessment_title=assessment.title,
                question=ref.text,
                evidence=answer.evidence,
                valid_until=answer.evidence_valid_until,  # type: ignore[arg-type]
                url=absolute(f"{path}#q-{answer.question_key}"),
            )
        )
    return items


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    ctx = {
        "digest": digest,
        "site_name": settings.SITE_NAME,
        "due_soon_days": DUE_SOON_DAYS,
        "profile_url": absolute(reverse("accounts:profile")),
    }
    message = EmailMultiAlternatives(
        subject=digest.subject(),
        body=render_to_string("plans/digest_email.txt", ctx),
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string("plans/digest_email.html", ctx), "text/html")
    return message


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send this week's digest to everyone who wants one and has not had it.
    Returns how many were sent."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    if now < sending_starts(today):
        return 0
    week = week_of(today)
    waiting = (
        User.objects.filter(is_active=True, email_digests=True, memberships__isnull=False)
        .exclude(digest_week=week)
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in waiting:
        previous = user.digest_week
        # The claim: only one run gets 1 here for this person and week.
        claimed = User.objects.filter(pk=user.pk).exclude(digest_week=week).update(digest_week=week)
        if not claimed:
            continue
        digest = digest_for(user, today)
        if digest.empty:
            continue
        try:
            # In the recipient's language, else the installation's.
            with translation.override(language_for(user)):
                message = digest_message(digest)
            message.send()
        except Exception:
            # Let the next run try again; the others still get theirs.
            User.objects.filter(pk=user.pk, digest_week=week).update(digest_week=previous)
            logger.exception("weekly digest to user %s failed", user.pk)
            continue
        sent += 1
    return sent
