"""Live workshop pages: the projected screen the room sees, the facilitator's
board (on their own device) and the participants' phone screen, each
following the workshop by polling a small fragment that answers 304 while
nothing changed."""

from datetime import timedelta

import segno
from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.access import can_facilitate
from accounts.middleware import PRIVATE
from accounts.models import Membership
from assessor import assessment_language
from assessor.access import assessment_for_user
from assessor.http import HtmxHttpRequest, wants_fragment
from assessor.models import Answer, Assessment
from assessor.services import AssessmentClosed
from assessor.workshops import access, drawn_stages, live, services, stages, unchanged_polls
from assessor.workshops.forms import ConsensusForm, GoForm, JoinForm, VoteForm
from assessor.workshops.models import Participant, Round, Vote, Workshop
from assessor.workshops.slides import UNKNOWN, slide_of
from assessor.workshops.summaries import summarize, tally


def _unchanged(request: HttpRequest, etag: str) -> bool:
    return etag in request.headers.get("If-None-Match", "")


def _not_modified(etag: str) -> HttpResponse:
    return _private(HttpResponseNotModified(), etag)


def _private(response: HttpResponse, etag: str = "") -> HttpResponse:
    # The pages follow a live workshop: never cached; the polls send the
    # ETag of what they show themselves and get a 304 while it still holds.
    response["Cache-Control"] = PRIVATE
    if etag:
        response["ETag"] = etag
    return response


# ---- Facilitator ----


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    """Open a workshop on an assessment (or go to the one that is open)."""
    membership, assessment = assessment_for_user(request.user, slug, code, require=can_facilitate)
    if request.method == "POST":
        try:
            workshop = services.workshop_open(assessment=assessment, user=request.user)
        except services.WorkshopError as e:
            messages.error(request, str(e))
            return redirect("workshops:start", slug, code)
        workshop.assessment = assessment
        return redirect(workshop.board_url())
    workshops = list(
        assessment.workshops.annotate(
            people=Count("participants", distinct=True), questions=Count("rounds", distinct=True)
        )
    )
    for w in workshops:
        w.assessment = assessment  # for their URLs, without a query each
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "workshops": workshops,
        "open_workshop": next((w for w in workshops if w.is_open), None),
    }
    return render(request, "workshops/start.html", ctx)


@login_required
@require_GET
def present(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """The projected screen: the question and its levels, how many voted, and
    the distribution only once the facilitator reveals it. Never a name, a
    single vote or a comment. Polled as a fragment that answers 304 while
    nothing it shows changed."""
    membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    round_ = ws.current_round()
    people = ws.participants.count()
    etag = f'"s{_board_tag(ws, round_, people)}"'
    if wants_fragment(request) and _unchanged(request, etag):
        return _not_modified(etag)
    ctx = _screen_context(request, membership, assessment, ws, round_, people)
    ctx["etag"] = etag
    template = (
        "workshops/present.html#screen" if wants_fragment(request) else "workshops/present.html"
    )
    return _private(render(request, template, ctx), etag)


@login_required
@require_GET
def board(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """The facilitator's own screen (laptop or phone): who voted what, their
    comments, the flags, and the buttons that set the consensus."""
    membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    round_ = ws.current_round()
    people = ws.participants.count()
    etag = f'"b{_board_tag(ws, round_, people)}"'
    if wants_fragment(request) and _unchanged(request, etag):
        return _not_modified(etag)
    ctx = _board_context(request, membership, assessment, ws, round_, people)
    template = "workshops/board.html#board" if wants_fragment(request) else "workshops/board.html"
    return _private(render(request, template, ctx), etag)


def _board_tag(ws: Workshop, round_: Round | None, people: int) -> str:
    # What the screens show changes with the slide, the votes, the joins and
    # the assessment's language (changed on its manage page mid-workshop).
    votes = round_.votes_version if round_ else 0
    return f"{ws.version}.{votes}.{people}.{ws.assessment.language}"


def _screen_context(
    request: HttpRequest,
    membership: Membership,
    assessment: Assessment,
    ws: Workshop,
    round_: Round | None,
    people: int,
) -> dict:
    """What both screens show: the question, where it stands, and the counts."""
    framework = assessment.framework.parsed
    keys = ws.question_keys()
    index = keys.index(ws.current_key) if ws.current_key in keys else -1
    slide = slide_of(framework, ws.current_key) if index >= 0 else None
    votes = (
        list(round_.votes.select_related("participant").order_by("updated_at", "id"))
        if round_ and slide
        else []
    )
    summary = tallied = None
    if slide and slide.context:
        tallied = tally(
            [o.mark for o in slide.options], list(slide.values), [v.choice for v in votes]
        )
    elif slide:
        summary = summarize(ws.current_key, [v.level for v in votes])
    join_url = request.build_absolute_uri(reverse("workshops:join"))
    code_url = request.build_absolute_uri(reverse("workshops:join_code", args=[ws.join_code]))
    return {
        "membership": membership,
        "org": membership.organization,
        "assessment": assessment,
        "workshop": ws,
        "round": round_,
        "people": people,
        "slide": slide,
        "number": index + 1,
        "total": len(keys),
        "previous": keys[index - 1] if index > 0 else ("join" if index == 0 else None),
        "next": keys[index + 1] if index + 1 < len(keys) else None,
        "votes": votes,
        "summary": summary,
        "tally": tallied,
        "consensus": slide.label_of(round_.consensus_value) if slide and round_ else "",
        "join_url": join_url,
        "qr": _qr_svg(code_url) if index < 0 else "",
    }


def _board_context(
    request: HttpRequest,
    membership: Membership,
    assessment: Assessment,
    ws: Workshop,
    round_: Round | None,
    people: int,
) -> dict:
    ctx = _screen_context(request, membership, assessment, ws, round_, people)
    framework = assessment.framework.parsed
    decided = set(ws.rounds.exclude(consensus_state="").values_list("question_key", flat=True))
    outline = [
        ("Context", [(q.key, q.text, q.key in decided) for q in framework.context_questions])
    ]
    outline += [
        (d.title, [(q.key, q.text, q.key in decided) for q in d.questions])
        for d in framework.dimensions
        if d.area in assessment.areas
    ]
    slide = ctx["slide"]
    answer = (
        Answer.objects.filter(assessment=assessment, question_key=ws.current_key).first()
        if slide
        else None
    )
    marks = {o.value: o.mark for o in slide.options} if slide else {}
    return {
        **ctx,
        # Named: only the facilitator's own screen shows who said what.
        "comments": [
            (v.participant.display_name, marks.get(v.choice or str(v.level), "?"), v.comment)
            for v in ctx["votes"]
            if v.comment
        ],
        "participants": ws.participants.all() if slide is None else [],
        "outline": outline,
        "answer_label": slide.label_of(answer.value) if answer and answer.value else "",
        "board_etag": f'"b{_board_tag(ws, round_, people)}"',
    }


def _qr_svg(url: str) -> str:
    # segno writes only <svg>/<path> markup built from the URL's bits: safe to inline.
    svg = segno.make(url, error="m").svg_inline(
        scale=8, border=2, dark="#0f172a", light="#ffffff", omitsize=True
    )
    return mark_safe(svg)  # noqa: S308


def _facilitator_response(
    request: HtmxHttpRequest,
    membership: Membership,
    assessment: Assessment,
    ws: Workshop,
    error: str = "",
) -> HttpResponse:
    """After a facilitator action: the screen it came from (the board, or the
    projected screen's own Previous/Next), as a fragment or the page."""
    projector = request.POST.get("screen") == "projector"
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(ws.presenter_url() if projector else ws.board_url())
    ws.refresh_from_db()
    round_ = ws.current_round()
    people = ws.participants.count()
    if projector:
        ctx = _screen_context(request, membership, assessment, ws, round_, people)
        ctx["etag"] = f'"s{_board_tag(ws, round_, people)}"'
        template = "workshops/present.html#screen"
    else:
        ctx = _board_context(request, membership, assessment, ws, round_, people)
        template = "workshops/board.html#facilitator"
    ctx["error"] = error
    status = 422 if error else 200
    return _private(render(request, template, ctx, status=status))


@login_required
@require_POST
def go(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """Move the room to another question, or back to the join slide."""
    membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    form = GoForm(request.POST)
    error = "" if ws.is_open else _("This workshop is closed.")
    if not error and form.is_valid():
        target = form.cleaned_data["to"]
        try:
            services.workshop_go(workshop=ws, key="" if target == "join" else target)
        except services.WorkshopError as e:
            error = str(e)
    return _facilitator_response(request, membership, assessment, ws, error)


CLOSED_MESSAGE = gettext_lazy("This workshop is closed; open a new one to vote again.")


def _current_round(ws: Workshop) -> Round:
    """The round of the question on screen; 404 while the join slide shows."""
    round_ = ws.current_round()
    if round_ is None:
        raise Http404
    return round_


@login_required
@require_POST
def voting(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """Close voting on the current question, or open it again."""
    membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    round_ = _current_round(ws)
    if not ws.is_open:
        return HttpResponse(str(CLOSED_MESSAGE), status=409)
    services.voting_set(round_=round_, is_open=request.POST.get("action") == "open")
    return _facilitator_response(request, membership, assessment, ws)


@login_required
@require_POST
def reveal(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """Show the distribution on the projected screen (voting closes), or hide it."""
    membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    round_ = _current_round(ws)
    if not ws.is_open:
        return HttpResponse(str(CLOSED_MESSAGE), status=409)
    services.round_reveal(round_=round_, revealed=request.POST.get("action") != "hide")
    return _facilitator_response(request, membership, assessment, ws)


@login_required
@require_POST
def consensus(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """Write the room's answer into the assessment, with its provenance."""
    membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    round_ = _current_round(ws)
    if not ws.is_open:
        return HttpResponse(str(CLOSED_MESSAGE), status=409)
    slide = slide_of(assessment.framework.parsed, round_.question_key)
    form = ConsensusForm(request.POST, slide=slide)
    error = ""
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        state = {"na": Answer.State.NA, "unknown": Answer.State.UNKNOWN}.get(
            decision, Answer.State.ANSWERED
        )
        try:
            services.consensus_set(
                round_=round_,
                user=request.user,
                state=state,
                level=int(decision) if decision.isdigit() else None,
                choice=decision if slide.context and state == Answer.State.ANSWERED else "",
                note=note,
                use_median=decision in ("median", "median_anyway"),
                median_unchosen_ok=decision == "median_anyway",
            )
        except (services.WorkshopError, AssessmentClosed) as e:
            error = str(e)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    return _facilitator_response(request, membership, assessment, ws, error)


@login_required
@require_POST
def close(request: HtmxHttpRequest, slug: str, code, workshop: str) -> HttpResponse:
    """End the workshop: participants' screens say so and guests lose access."""
    _membership, assessment, ws = access.workshop_for_user(request.user, slug, code, workshop)
    if ws.is_open:
        services.workshop_close(workshop=ws)
        messages.success(request, _("Workshop closed. The votes are kept with the assessment."))
    url = reverse("workshops:start", args=[slug, assessment.code])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# ---- Participants ----


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest, join_code: str = "") -> HttpResponse:
    """Join with the code (from the QR code's link, or typed). A member of the
    workshop's organization joins with their account; anyone else as a guest."""
    address = get_client_ip_address(request) or "unknown"
    form = JoinForm(request.POST or None, initial={"code": join_code})
    if request.method == "POST":
        if services.join_refused(address):
            ctx = {"form": form, "refused": True}
            return render(request, "workshops/join.html", ctx, status=429)
        if form.is_valid():
            # A workshop left open for longer than a guest's seat lasts
            # (forgotten after the day) no longer lets anyone in by code.
            fresh_since = timezone.now() - timedelta(seconds=access.COOKIE_MAX_AGE)
            try:
                ws = services.workshop_by_code(
                    address=address, join_code=form.cleaned_data["code"], opened_since=fresh_since
                )
            except services.JoinRefused:
                ctx = {"form": form, "refused": True}
                return render(request, "workshops/join.html", ctx, status=429)
            if ws is None:
                form.add_error("code", _("No open workshop has this code."))
            else:
                return _seat(request, form, ws)
    return render(request, "workshops/join.html", {"form": form})


def _seat(request: HttpRequest, form: JoinForm, ws: Workshop) -> HttpResponse:
    member = (
        Membership.objects.filter(user=request.user, organization=ws.assessment.organization)
        .select_related("user")
        .first()
        if request.user.is_authenticated
        else None
    )
    if member is not None and not member.can_answer:
        form.add_error(None, _("Your role in this organization is viewer: viewers do not vote."))
        return render(request, "workshops/join.html", {"form": form}, status=403)
    # The same device joining again keeps its seat (and its votes).
    seat = access.seat_of(request, ws.code)
    if seat is not None and member is None:
        return redirect(ws.participant_url())
    name = member.user.display_name[:40] if member else form.cleaned_data["name"]
    if not name:
        form.add_error("name", _("Tell the facilitator who you are."))
        return render(request, "workshops/join.html", {"form": form})
    participant = services.participant_join(
        workshop=ws, display_name=name, user=member.user if member else None
    )
    response = redirect(ws.participant_url())
    access.give_seat(response, ws, participant.pk)
    return response


@require_GET
def participate(request: HtmxHttpRequest, code) -> HttpResponse:
    """A participant's screen: the current question of their workshop. Its
    htmx poll answers 304 while nothing changed, from the version kept in
    Redis: no SQL at all (assessor/workshops/live.py). After a change it
    reads only the seat's own rows (assessor/workshops/stages.py)."""
    seat = access.seat_of(request, code)
    if seat is None:
        url = reverse("workshops:join")
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    version = None
    own = seat.language
    if wants_fragment(request):
        version = live.stage_version(code)
        if version is None:
            raise Http404
        # The language is part of what the phone shows: a switch re-renders.
        # (A poll like this one mostly never gets here: it is answered in
        # front of Django, assessor/workshops/unchanged_polls.py.)
        if _unchanged(request, unchanged_polls.etag(version, own)):
            return _not_modified(unchanged_polls.etag(version, own))
    # The workshop and round at that version are the same for every phone
    # (assessor/workshops/stages.py); only this seat's own rows are read.
    stage = stages.stage_of(code, version)
    ws = stage.workshop
    assessment_language.speak(ws.assessment, own)
    ctx = _stage_context(stage, seat, own=own)
    if not wants_fragment(request):  # the language switch sits outside the polled stage
        ctx["languages"] = assessment_language.language_choices(ws.assessment.framework.languages())
    if wants_fragment(request):
        # The same stage for the whole room, drawn once (drawn_stages.py).
        response = _private(HttpResponse(drawn_stages.stage_html(request, ctx)), ctx["etag"])
    else:
        response = _private(render(request, "workshops/participate.html", ctx), ctx["etag"])
    if not ctx["workshop"].is_open:
        access.take_seat(response)
    return response


def _stored_comment(ws: Workshop, seat: access.Seat, key: str) -> str:
    vote = Vote.objects.filter(
        round__workshop=ws, round__question_key=key, participant_id=seat.participant_id
    ).first()
    return vote.comment if vote else ""


def _seat_and_vote(
    ws: Workshop, seat: access.Seat, round_: Round | None
) -> tuple[Participant, Vote | None]:
    """The seat's participant (404 if it is gone) and their vote in `round_`,
    in one query: the vote's row joined in, when there is one. Plain SQL:
    the whole room runs it after every move, and the ORM's building of a
    filtered join cost four times the query itself."""
    with connection.cursor() as cursor:
        cursor.execute(_SEAT_AND_VOTE, [round_.pk if round_ else None, seat.participant_id, ws.pk])
        found = cursor.fetchone()
    if found is None:
        raise Http404
    name, user_id, vote_id, level, choice, comment = found
    participant = Participant(
        id=seat.participant_id, workshop=ws, display_name=name, user_id=user_id
    )
    if round_ is None or vote_id is None:
        return participant, None
    vote = Vote(
        id=vote_id,
        round=round_,
        participant=participant,
        level=level,
        choice=choice,
        comment=comment,
    )
    return participant, vote


_SEAT_AND_VOTE = (
    "SELECT p.display_name, p.user_id, v.id, v.level, v.choice, v.comment "  # noqa: S608 (our own tables)
    f"FROM {connection.ops.quote_name(Participant._meta.db_table)} p "
    f"LEFT JOIN {connection.ops.quote_name(Vote._meta.db_table)} v "
    "ON v.participant_id = p.id AND v.round_id = %s "
    "WHERE p.id = %s AND p.workshop_id = %s"
)


def _stage_context(
    stage: stages.Stage, seat: access.Seat, cast: services.VoteCast | None = None, **extra
) -> dict:
    """The phone's stage; after a vote, drawn from what the vote wrote."""
    ws = stage.workshop
    framework = ws.assessment.framework.parsed
    slide = slide_of(framework, ws.current_key) if ws.is_open and ws.current_key else None
    round_ = vote = None
    mine = ""
    if cast is not None:
        participant, round_, vote = cast.participant, cast.round, cast.vote
    else:
        round_ = stage.round if slide else None
        participant, vote = _seat_and_vote(ws, seat, round_)
    if vote is not None:
        mine = vote.choice or (UNKNOWN if vote.level is None else str(vote.level))
    return {
        "workshop": ws,
        "participant": participant,
        "slide": slide,
        "round": round_,
        "vote": vote,
        "mine": mine,
        "mine_label": slide.label_of(mine) if slide and mine else "",
        "consensus": slide.label_of(round_.consensus_value) if round_ else "",
        "etag": unchanged_polls.etag(ws.version, extra.get("own", "")),
        **extra,
    }


@require_POST
def vote(request: HtmxHttpRequest, code) -> HttpResponse:
    """Cast or change a vote on the current question."""
    seat = access.seat_of(request, code)
    if seat is None:
        url = reverse("workshops:join")
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    # The workshop as every phone sees it at its current version (the vote's
    # own statement checks again that the question is still on screen).
    ws = stages.stage_of(code, live.stage_version(code)).workshop
    own = seat.language
    assessment_language.speak(ws.assessment, own)
    form = VoteForm(request.POST, framework=ws.assessment.framework.parsed)
    error, status, cast = "", 200, None
    if not form.is_valid():
        error, status = " ".join(e for errors in form.errors.values() for e in errors), 422
    else:
        comment = form.cleaned_data["comment"]
        if comment is None:  # held back: keep the stored one
            comment = _stored_comment(ws, seat, form.cleaned_data["question"])
        try:
            cast = services.vote_cast(
                workshop=ws,
                participant_id=seat.participant_id,
                question_key=form.cleaned_data["question"],
                level=form.level,
                comment=comment,
                choice=form.context_choice,
            )
        except services.VotingClosed:
            error, status = (
                _("Voting on that question has closed: this is where the room is now."),
                409,
            )
        except services.SeatRevoked as e:
            return _seat_revoked(request, str(e))
    comment_error = form.comment_problem if not error else ""
    if not request.htmx:
        for text in (error, comment_error):
            if text:
                messages.error(request, text)
        return redirect(ws.participant_url())
    stage = stages.Stage(ws, cast.round if cast else ws.is_open and ws.current_round() or None)
    ctx = _stage_context(
        stage, seat, cast, error=error, saved=not error, comment_error=comment_error, own=own
    )
    if error or comment_error:  # says what this phone sent: drawn for it alone
        html = render_to_string("workshops/participate.html#stage", ctx, request)
    else:
        html = drawn_stages.stage_html(request, ctx)
    response = _private(HttpResponse(html, status=status))
    if not ws.is_open:
        access.take_seat(response)
    return response


@require_POST
def participant_language(request: HtmxHttpRequest, code) -> HttpResponse:
    """A participant reads their phone in a language of their own (kept in
    their seat for this workshop); the assessment's language stays."""
    seat = access.seat_of(request, code)
    if seat is None:
        return redirect("workshops:join")
    ws = stages.read_workshop(code)
    chosen = request.POST.get("language", "")
    language = seat.language
    if chosen == ws.assessment.language:
        language = ""  # the room's language again
    elif chosen in ws.assessment.framework.languages():
        language = chosen
    response = redirect(ws.participant_url())
    access.give_seat(response, ws, seat.participant_id, language)
    return response


def _seat_revoked(request: HtmxHttpRequest, message: str) -> HttpResponse:
    """A member's seat after their role or membership went: no vote, and back to joining."""
    messages.error(request, message)
    url = reverse("workshops:join")
    response = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if request.htmx:
        response.status_code = 403  # htmx follows HX-Redirect whatever the status
    access.take_seat(response)
    return response
