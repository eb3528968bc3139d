"""A custom bank upload is measured before it is validated: alias fan-outs
("billion laughs") and huge banks are refused with the limit they passed."""

import re
import time

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from assessor.frameworks import bounded_yaml, validator
from assessor.models import Framework
from tests.assessor.test_admin_upload import URL, admin_client, builtin_text


def fan_out(width: int = 1000) -> str:
    """1,000 aliases to a list of 1,000 items: ~11.5 KB, a million values loaded."""
    items = ", ".join(["x"] * width)
    aliases = ", ".join(["*a"] * width)
    return f"key: laughs\nversion: 1\nleaf: &a [{items}]\nbomb: [{aliases}]\n"


def upload(c, name: str, text: str):
    return c.post(URL, {"yaml_file": SimpleUploadedFile(name, text.encode())})


@pytest.fixture
def nothing_is_built(monkeypatch):
    """Fail the test if the document is constructed or validated."""

    def refuse(*args, **kwargs):
        raise AssertionError("the document was built or validated")

    monkeypatch.setattr(yaml.SafeLoader, "construct_document", refuse)
    monkeypatch.setattr(validator, "_validate_and_build", refuse)


def test_an_alias_fan_out_is_refused_before_validating(client, db, nothing_is_built):
    text = fan_out()
    assert len(text) < 12_000
    c = admin_client(client, db)
    started = time.perf_counter()
    r = upload(c, "laughs.yaml", text)
    elapsed = time.perf_counter() - started
    print(f"fan-out of {len(text):,} bytes refused in {elapsed * 1000:.0f} ms")
    assert r.status_code == 200
    assert "laughs.yaml: the document uses 1,000 aliases" in r.text
    assert len(r.content) < 100_000
    assert not Framework.objects.exists()


def test_a_deep_fan_out_with_few_aliases_is_refused_by_its_expanded_size(db):
    # 10 levels of 10 aliases each: 20 aliases, 10 billion values expanded.
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 11):
        lines.append(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]")
    with pytest.raises(bounded_yaml.DocumentTooLarge) as refused:
        bounded_yaml.check_size("\n".join(lines), source="deep.yaml")
    assert "expands to more than 100,000 values" in str(refused.value)


def test_a_self_referencing_document_is_refused(db):
    with pytest.raises(bounded_yaml.DocumentTooLarge, match="refers to itself"):
        bounded_yaml.check_size("a: &a [1, *a]", source="loop.yaml")


def test_deep_nesting_is_refused(db):
    with pytest.raises(bounded_yaml.DocumentTooLarge, match="nested too deeply"):
        bounded_yaml.check_size("[" * 5000 + "]" * 5000, source="deep.yaml")


def test_the_builtin_bank_is_well_inside_the_limits(db):
    bounded_yaml.check_size(builtin_text(), source="builtin.yaml")


def test_a_bank_with_a_few_aliases_is_still_accepted(client, db):
    text = builtin_text().replace("key: devops-mlops-readiness", "key: acme-aliases", 1)
    text += "\nx-notes: &shared [one, two]\nx-again: *shared\n"
    # Unknown top-level fields are the validator's business, not the size check's.
    bounded_yaml.check_size(text, source="acme.yaml")


def test_reported_errors_are_capped(client, db):
    # 71 weights out of range: 71 problems, of which 50 are shown.
    broken = re.sub(r"weight: [0-9.]+", "weight: -1", builtin_text())
    r = upload(admin_client(client, db), "broken.yaml", broken)
    assert r.status_code == 200
    assert r.text.count("broken.yaml: ") == bounded_yaml.MAX_REPORTED_ERRORS
    assert "more problems of the same file" in r.text
    assert not Framework.objects.exists()


def terse_bank(questions_per_dimension: int) -> str:
    """The built-in bank with short texts and many questions per dimension."""
    document = yaml.safe_load(builtin_text())
    document["key"] = "acme-huge"
    for dimension in document["dimensions"]:
        template = dimension["questions"][0]
        dimension["questions"] = [
            {
                **template,
                "key": f"{dimension['key']}_q{n}",
                "text": f"Question {n}?",
                "help": "Ask the team.",
                "levels": [
                    {"level": lv, "text": f"Level {lv}.", "next_step": "Next."} for lv in range(5)
                ],
            }
            for n in range(questions_per_dimension)
        ]
    return yaml.safe_dump(document, sort_keys=False)


def test_a_bank_too_large_for_the_report_is_refused(client, db):
    # 15 dimensions x 67 questions + 7 context questions: 1,012 questions.
    text = terse_bank(67)
    assert len(text) < 2_000_000  # small enough for the file-size check
    r = upload(admin_client(client, db), "huge.yaml", text)
    assert r.status_code == 200
    assert "huge.yaml: the bank has 1,012 questions; at most 1,000" in r.text
    assert not Framework.objects.exists()


def test_a_bank_at_the_limit_is_accepted(client, db):
    # 15 x 66 + 7 = 997 questions.
    r = upload(admin_client(client, db), "large.yaml", terse_bank(66))
    assert r.status_code == 302, r.text[:2000]
    assert Framework.objects.get(key="acme-huge").parsed.scored_questions.__len__() == 990
