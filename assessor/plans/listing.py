"""The plan page's data: an organization's actions, filtered and paged, in a
fixed number of queries however many actions there are."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from accounts.models import Membership, Organization
from assessor.plans.forms import PlanFilterForm
from assessor.plans.models import Action
from assessor.plans.words import BankWords

PAGE_SIZE = 100
# Work in progress first, then what is still to do, then the closed.
STATUS_ORDER = Case(
    When(status=Action.Status.DOING, then=Value(0)),
    When(status=Action.Status.TODO, then=Value(1)),
    When(status=Action.Status.DONE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Row:
    action: Action
    area: str
    questions: list[str]
    overdue: bool


def plan_listing(organization: Organization, params) -> dict:
    today = timezone.localdate()
    assessments = list(
        organization.assessments.select_related("framework")
        .defer("framework__document")
        .order_by("-created_at", "-id")
    )
    members = list(
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    actions = Action.objects.filter(organization=organization)
    named = list(
        actions.exclude(owner_name="")
        .order_by("owner_name")
        .values_list("owner_name", flat=True)
        .distinct()
    )
    # Newest bank first: its titles win where versions differ.
    frameworks = {a.framework_id: a.framework for a in assessments}
    words = BankWords(
        [f.parsed for f in sorted(frameworks.values(), key=lambda f: f.version, reverse=True)]
    )
    filters = PlanFilterForm(
        params,
        assessments=assessments,
        areas=sorted(words.areas.items(), key=lambda item: item[1]),
        members=members,
        named=named,
    )
    chosen = filters.chosen()
    counts = actions.counts(today)
    selected = _filtered(actions, chosen, assessments, members, today)
    page = Paginator(
        selected.select_related("owner", "assessment")
        .defer("assessment__headline", "assessment__targets")
        .order_by(STATUS_ORDER, "due_date", "created_at", "id"),
        PAGE_SIZE,
    ).get_page(params.get("page"))
    rows = [
        Row(
            action=action,
            area=words.area(action.dimension),
            questions=[words.question(k) for k in action.question_keys],
            overdue=action.is_overdue(today),
        )
        for action in page.object_list
    ]
    query = params.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "filtered": any(chosen.values()),
        "counts": counts,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "can_create": bool(assessments),
    }


def _filtered(actions, chosen: dict[str, str], assessments, members, today):
    if chosen["assessment"]:
        code = chosen["assessment"]
        actions = actions.filter(assessment__in=[a for a in assessments if str(a.code) == code])
    if chosen["area"]:
        actions = actions.filter(dimension=chosen["area"])
    owner = chosen["owner"]
    if owner == "none":
        actions = actions.filter(owner__isnull=True, owner_name="")
    elif owner.startswith("name:"):
        actions = actions.filter(owner_name=owner.removeprefix("name:"))
    elif owner:
        actions = actions.filter(owner__in=[m.user for m in members if str(m.code) == owner])
    status = chosen["status"]
    if status == PlanFilterForm.OPEN:
        actions = actions.filter(status__in=Action.OPEN)
    elif status == PlanFilterForm.OVERDUE:
        actions = actions.filter(status__in=Action.OPEN, due_date__lt=today)
    elif status:
        actions = actions.filter(status=status)
    return actions
