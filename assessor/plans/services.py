"""The writes of the plan: create and change actions, carry open ones over.

Each write records an ActionRevision (who, when, the action before and
after), the way answers keep theirs.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from assessor.models import Assessment
from assessor.plans.models import Action, ActionRevision

# The fields a person edits; anything else (organization, created_from,
# closed_at, version) is kept by these services.
EDITABLE = (
    "title",
    "description",
    "dimension",
    "question_keys",
    "owner",
    "owner_name",
    "due_date",
    "status",
    "dropped_reason",
    "target_level",
)


@dataclass(frozen=True)
class UpdateOutcome:
    action: Action
    changed: bool
    # Refused because someone else saved first; `action` holds their version.
    conflict: bool = False


def action_create(
    *,
    organization: Organization,
    assessment: Assessment | None,
    user: User,
    title: str,
    dimension: str,
    question_keys: list[str],
    description: str = "",
    owner: User | None = None,
    owner_name: str = "",
    due_date: date | None = None,
    status: str = Action.Status.TODO,
    dropped_reason: str = "",
    target_level: int | None = None,
) -> Action:
    """A new action on `assessment`'s plan, with its first revision."""
    now = timezone.now()
    with transaction.atomic():
        action = Action(
            organization=organization,
            assessment=assessment,
            created_from=assessment,
            title=title,
            description=description,
            dimension=dimension,
            question_keys=list(question_keys),
            owner=owner,
            owner_name="" if owner else owner_name,
            due_date=due_date,
            status=status,
            dropped_reason=dropped_reason if status == Action.Status.DROPPED else "",
            target_level=target_level,
            created_by=user,
            created_at=now,
            updated_at=now,
            closed_at=now if status in Action.CLOSED else None,
        )
        action.save()
        ActionRevision.objects.create(
            action=action, user=user, at=now, old=None, new=action.snapshot()
        )
    return action


def action_update(*, action: Action, user: User, version: int, **changes) -> UpdateOutcome:
    """Change the given fields of `action` if it is still at `version`.

    A save that started from an older version is refused (the caller shows
    the current action), so nobody overwrites a change they never saw.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = (
            Action.objects.select_for_update(of=("self",))
            .select_related("owner", "assessment")
            .get(pk=action.pk)
        )
        if current.version != version:
            return UpdateOutcome(action=current, changed=False, conflict=True)
        old = current.snapshot()
        for name, value in changes.items():
            setattr(current, name, value)
        if current.owner_id:
            current.owner_name = ""
        if current.status != Action.Status.DROPPED:
            current.dropped_reason = ""
        if current.snapshot() == old:
            return UpdateOutcome(action=current, changed=False)
        now = timezone.now()
        if current.status != old["status"]:
            current.closed_at = now if current.status in Action.CLOSED else None
        current.version += 1
        current.updated_at = now
        current.save()
        ActionRevision.objects.create(
            action=current, user=user, at=now, old=old, new=current.snapshot()
        )
    return UpdateOutcome(action=current, changed=True)


def actions_carry_over(*, base: Assessment, follow_up: Assessment, user: User) -> int:
    """Move the open actions of `base`'s plan onto `follow_up`'s (each
    recorded). Returns how many. Done and dropped ones stay where they
    were closed."""
    now = timezone.now()
    reason = (_("carried over to “%(title)s”") % {"title": follow_up.title})[:300]
    moved = 0
    with transaction.atomic():
        open_actions = Action.objects.select_for_update(of=("self",)).filter(
            assessment=base, status__in=Action.OPEN
        )
        for action in open_actions.select_related("owner", "assessment"):
            old = action.snapshot()
            action.assessment = follow_up
            action.version += 1
            action.updated_at = now
            action.save(update_fields=["assessment", "version", "updated_at"])
            ActionRevision.objects.create(
                action=action, user=user, at=now, old=old, new=action.snapshot(), reason=reason
            )
            moved += 1
    return moved
