"""Evidence that ages, in the wizard and on the results page: an owner and a
valid-until day saved with the answer; expired evidence flagged and lowering
confidence by the stated rule."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from assessor import services
from assessor.models import Answer, AnswerRevision
from tests.assessor.conftest import answer_all

HTMX = {"HX-Request": "true"}


def first_question(a):
    return a.framework.parsed.dimensions[0].questions[0]


def post(client, a, **data):
    payload = {"question": first_question(a).key, "value": "3", "version": "0", "client": "t"}
    payload.update({k: str(v) for k, v in data.items()})
    return client.post(reverse("assessor:answer", args=["acme", a.code]), payload, headers=HTMX)


def code_of(personas, user):
    return Membership.objects.get(user=user, organization=personas.org_a).code


def test_it_saves_an_owner_and_a_valid_until_day(personas, assessment, login):
    r = post(
        login(personas.bob),
        assessment,
        evidence="https://wiki.example.org/ci",
        evidence_owner=code_of(personas, personas.alice),
        evidence_until="2027-03-31",
    )

    assert r.status_code == 200 and "Saved ✓" in r.text
    answer = Answer.objects.get(question_key=first_question(assessment).key)
    assert answer.evidence_owner == personas.alice
    assert answer.evidence_valid_until == datetime.date(2027, 3, 31)
    revision = AnswerRevision.objects.get(answer=answer)
    assert revision.new["evidence_owner"] == personas.alice.pk
    assert revision.new["evidence_valid_until"] == "2027-03-31"


def test_a_form_without_the_fields_keeps_them(personas, assessment, login):
    client = login(personas.bob)
    post(
        client,
        assessment,
        evidence_owner=code_of(personas, personas.bob),
        evidence_until="2027-01-01",
    )

    post(client, assessment, value="2", version=1)  # as the API or an old page posts

    answer = Answer.objects.get(question_key=first_question(assessment).key)
    assert (answer.level, answer.evidence_owner, answer.evidence_valid_until) == (
        2,
        personas.bob,
        datetime.date(2027, 1, 1),
    )


def test_blank_fields_clear_them(personas, assessment, login):
    client = login(personas.bob)
    post(
        client,
        assessment,
        evidence_owner=code_of(personas, personas.bob),
        evidence_until="2027-01-01",
    )

    post(client, assessment, version=1, evidence_owner="", evidence_until="")

    answer = Answer.objects.get(question_key=first_question(assessment).key)
    assert (answer.evidence_owner, answer.evidence_valid_until) == (None, None)


def test_a_bad_day_or_a_stranger_is_held_back_and_the_level_saves(personas, assessment, login):
    charlie_code = Membership.objects.get(user=personas.charlie).code
    r = post(
        login(personas.bob),
        assessment,
        evidence_owner=charlie_code,
        evidence_until="31/03/2027",
    )

    assert r.status_code == 200
    assert "pick a member of this organization" in r.text
    assert "YYYY-MM-DD" in r.text
    answer = Answer.objects.get(question_key=first_question(assessment).key)
    assert (answer.level, answer.evidence_owner, answer.evidence_valid_until) == (3, None, None)


def test_the_wizard_offers_the_members_and_flags_expired_evidence(personas, assessment, login):
    key = first_question(assessment).key
    Answer.objects.create(
        assessment=assessment,
        question_key=key,
        state="answered",
        level=3,
        evidence="https://wiki.example.org/old-runbook",
        evidence_owner=personas.bob,
        evidence_valid_until=timezone.localdate() - datetime.timedelta(days=3),
    )
    step = assessment.framework.parsed.dimensions[0].key

    r = login(personas.alice).get(reverse("assessor:step", args=["acme", assessment.code, step]))

    assert r.status_code == 200
    assert (
        f'<option value="{code_of(personas, personas.bob)}" selected>Bob Participant</option>'
        in r.text
    )
    assert "Charlie" not in r.text
    assert "Evidence expired on" in r.text
    assert "counts half towards confidence" in r.text


def test_results_flag_expired_evidence_and_lower_confidence(personas, assessment, login):
    answer_all(assessment, personas.alice)
    client = login(personas.carol)  # a viewer reads results too
    before = client.get(reverse("assessor:results", args=["acme", assessment.code]))
    assert "Expired evidence" not in before.text
    confidence_before = before.context["scorecard"].area("devops").confidence

    key = first_question(assessment).key
    Answer.objects.filter(assessment=assessment, question_key=key).update(
        evidence="https://wiki.example.org/old-runbook",
        evidence_owner=personas.bob,
        evidence_valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    after = client.get(reverse("assessor:results", args=["acme", assessment.code]))

    assert after.context["scorecard"].area("devops").confidence < confidence_before
    assert after.context["scorecard"].area("devops").index == (
        before.context["scorecard"].area("devops").index
    )
    assert "Expired evidence" in after.text
    assert "https://wiki.example.org/old-runbook" in after.text
    assert "Bob Participant" in after.text
    assert "evidence expired" in after.text  # the why-table's badge
    assert [e.question_key for e in after.context["expired"]] == [key]


def test_a_follow_up_carries_the_owner_and_the_day(personas, assessment):
    answer_all(assessment, personas.alice)
    key = first_question(assessment).key
    Answer.objects.filter(assessment=assessment, question_key=key).update(
        evidence_owner=personas.bob, evidence_valid_until=datetime.date(2027, 6, 30)
    )

    follow_up = services.assessment_follow_up(base=assessment, user=personas.alice)

    carried = follow_up.answers.get(question_key=key)
    assert (carried.evidence_owner, carried.evidence_valid_until) == (
        personas.bob,
        datetime.date(2027, 6, 30),
    )


def test_the_json_transfer_keeps_the_owner_and_the_day(personas, assessment, framework):
    from assessor import transfer

    answer_all(assessment, personas.alice)
    key = first_question(assessment).key
    Answer.objects.filter(assessment=assessment, question_key=key).update(
        evidence_owner=personas.bob, evidence_valid_until=datetime.date(2027, 6, 30)
    )
    data = transfer.assessment_to_json(assessment)
    exported = next(a for a in data["answers"] if a["question"] == key)
    assert exported["evidence_owner"] == "bob@example.org"
    assert exported["evidence_valid_until"] == "2027-06-30"

    import json

    copy = transfer.assessment_import(
        organization=personas.org_a, user=personas.alice, data=json.dumps(data).encode()
    )
    carried = copy.answers.get(question_key=key)
    assert (carried.evidence_owner, carried.evidence_valid_until) == (
        personas.bob,
        datetime.date(2027, 6, 30),
    )

    exported["evidence_valid_until"] = "30/06/2027"
    try:
        transfer.assessment_import(
            organization=personas.org_a, user=personas.alice, data=json.dumps(data).encode()
        )
    except transfer.ImportInvalid as e:
        assert any("evidence_valid_until" in error for error in e.errors), e.errors
    else:
        raise AssertionError("a day that is no date was imported")


def test_beats_refresh_lowers_a_stored_headline_once_evidence_aged(personas, assessment):
    from assessor.plans import periodic

    answer_all(assessment, personas.alice)
    key = first_question(assessment).key
    Answer.objects.filter(assessment=assessment, question_key=key).update(
        evidence_valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    # As stored by the last save, before the evidence aged.
    assessment.headline = assessment.headline_from(
        list(assessment.answers.all()), today=timezone.localdate() - datetime.timedelta(days=2)
    )
    assessment.save()
    before = assessment.headline["devops"]["confidence"]

    assert periodic.refresh_aged_headlines() == 1
    assert periodic.refresh_aged_headlines() == 0  # safe to run twice

    assessment.refresh_from_db()
    assert assessment.headline["devops"]["confidence"] < before
