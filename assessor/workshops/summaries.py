"""How the room voted, per question: the distribution, the median and the
spread, and whether the team disagreed.

`summarize` is pure (plain levels in, a VoteSummary out) so the board, the
results page and the PDF agree on one definition of disagreement;
`vote_summaries` loads an assessment's votes for the results page and the PDF.
"""

import math
import statistics
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessor.frameworks.schema import MAX_LEVEL
from assessor.models import Assessment
from assessor.workshops.models import Round, Vote

LEVELS = tuple(range(MAX_LEVEL + 1))
# Votes spanning this many levels (max - min) are a disagreement to discuss.
DISAGREEMENT_SPREAD = 2


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int  # share of all votes
    scale: int  # 0-100, relative to the tallest bar: a histogram's column height
    level: int | None  # None for "don't know"


@dataclass(frozen=True)
class VoteSummary:
    question_key: str
    counts: tuple[int, ...]  # votes per level 0..4
    unknown: int  # "don't know" votes
    median: float | None  # of the level votes; None without any
    spread: int | None  # max - min of the level votes
    bimodal: bool
    reasons: tuple[str, ...]  # why it is flagged, in words; empty when the team agreed
    # Without names: votes are private, only the facilitator's board shows who said what.
    comments: tuple[tuple[int | None, str], ...] = ()
    # The round's outcome, when one was set ("" otherwise).
    consensus: str = ""
    provenance: str = ""

    @property
    def count(self) -> int:
        return sum(self.counts) + self.unknown

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def disagreement(self) -> bool:
        return bool(self.reasons)

    @property
    def suggested(self) -> int | None:
        """The level "accept the median" sets: the lower middle on a tie, since
        a readiness score should not round a split room upwards."""
        if self.median is None:
            return None
        return math.floor(self.median)

    @property
    def median_unchosen(self) -> bool:
        """Whether "accept the median" would set a level nobody voted for
        (votes 1 and 3: median 2): the room is split and the median hides it."""
        level = self.suggested
        return level is not None and self.counts[level] == 0

    @property
    def bars(self) -> list[Bar]:
        total = self.count or 1
        peak = max(*self.counts, self.unknown, 1)
        columns = [(str(lv), n, lv) for lv, n in enumerate(self.counts)] + [
            ("?", self.unknown, None)
        ]
        return [
            Bar(label, n, round(100 * n / total), round(100 * n / peak), level)
            for label, n, level in columns
        ]

    def as_snapshot(self) -> dict:
        """Plain JSON for a report snapshot; `_distribution.html` renders it
        like the object (it reads the same names)."""
        return {
            "question_key": self.question_key,
            "counts": list(self.counts),
            "unknown": self.unknown,
            "count": self.count,
            "rated": self.rated,
            "median": self.median,
            "spread": self.spread,
            "suggested": self.suggested,
            "bimodal": self.bimodal,
            "disagreement": self.disagreement,
            "reasons": list(self.reasons),
            "comments": [{"level": level, "text": text} for level, text in self.comments],
            "consensus": self.consensus,
            "provenance": self.provenance,
            "bars": [
                {"label": b.label, "count": b.count, "percent": b.percent, "scale": b.scale,
                 "level": b.level}
                for b in self.bars
            ],
        }  # fmt: skip


def summarize(
    question_key: str,
    levels: list[int | None],
    comments: tuple[tuple[int | None, str], ...] = (),
    *,
    consensus: str = "",
    provenance: str = "",
) -> VoteSummary:
    """One question's votes (a level 0-4, or None for don't know) summarized."""
    counts = tuple(sum(1 for v in levels if v == lv) for lv in LEVELS)
    rated = sorted(v for v in levels if v is not None)
    median = float(statistics.median(rated)) if rated else None
    spread = rated[-1] - rated[0] if rated else None
    bimodal = _bimodal(counts)
    reasons = []
    if spread is not None and spread >= DISAGREEMENT_SPREAD:
        reasons.append(
            _("votes spread over %(spread)d levels (%(low)d to %(high)d)")
            % {"spread": spread, "low": rated[0], "high": rated[-1]}
        )
    if bimodal:
        low, high = _camps(counts)
        reasons.append(
            _("two camps: around level %(low)d and around level %(high)d")
            % {"low": low, "high": high}
        )
    return VoteSummary(
        question_key=question_key,
        counts=counts,
        unknown=len(levels) - len(rated),
        median=median,
        spread=spread,
        bimodal=bimodal,
        reasons=tuple(reasons),
        comments=comments,
        consensus=consensus,
        provenance=provenance,
    )


def _peaks(counts: tuple[int, ...]) -> list[tuple[int, int]]:
    """Pairs of levels at least two apart that each hold a real share of the
    votes (two, and a fifth of them), with fewer votes in between."""
    floor = max(2, math.ceil(sum(counts) / 5))
    return [
        (i, j)
        for i in LEVELS
        for j in LEVELS
        if j - i >= 2
        and counts[i] >= floor
        and counts[j] >= floor
        and min(counts[i + 1 : j]) < min(counts[i], counts[j])
    ]


def _bimodal(counts: tuple[int, ...]) -> bool:
    return bool(_peaks(counts))


def _camps(counts: tuple[int, ...]) -> tuple[int, int]:
    # The pair holding the most votes names the two camps.
    return max(_peaks(counts), key=lambda pair: counts[pair[0]] + counts[pair[1]])


def provenance_of(summary: VoteSummary) -> str:
    """The line the answer's note starts with: where the answer came from."""
    if not summary.count:
        return _("Workshop consensus, set without votes")
    text = _consensus_of(summary.count, summary.unknown)
    if summary.spread is not None:
        text += _(", spread %(spread)d") % {"spread": summary.spread}
    return text


def _consensus_of(count: int, unknown: int) -> str:
    """The provenance's start, e.g. "Workshop consensus of 4 votes (1 don't know)".
    It is stored in the answer's note, so in the language of whoever set the consensus."""
    text = ngettext(
        "Workshop consensus of %(count)d vote", "Workshop consensus of %(count)d votes", count
    ) % {"count": count}
    if unknown:
        text += " " + _("(%(count)d don’t know)") % {"count": unknown}
    return text


def vote_summaries(assessment: Assessment) -> dict[str, VoteSummary]:
    """Per question key, the latest vote taken on it in any of the assessment's
    workshops (two queries). Questions never voted on are absent."""
    framework = assessment.framework.parsed
    rounds = {}
    for r in Round.objects.filter(workshop__assessment=assessment).order_by("opened_at", "id"):
        if framework.has_context_question(r.question_key):
            continue  # choices, not levels: nothing to take a median or spread of
        rounds[r.question_key] = r  # a later round on the same question wins
    by_round: dict[int, list[tuple[int | None, str]]] = {r.pk: [] for r in rounds.values()}
    votes = Vote.objects.filter(round_id__in=by_round).order_by("created_at", "id")
    for round_id, level, comment in votes.values_list("round_id", "level", "comment"):
        by_round[round_id].append((level, comment))
    summaries = {}
    for key, r in rounds.items():
        votes_of = by_round[r.pk]
        if not votes_of and not r.has_consensus:
            continue
        summaries[key] = summarize(
            key,
            [level for level, _ in votes_of],
            tuple((level, comment) for level, comment in votes_of if comment),
            consensus=r.consensus_label,
            provenance=r.provenance,
        )
    return summaries


def disagreements(assessment: Assessment) -> list[VoteSummary]:
    """The questions where the team disagreed, in the assessment's order: the
    PDF's appendix "where the team disagreed"."""
    summaries = vote_summaries(assessment)
    return [
        summaries[key]
        for key in assessment.question_keys()
        if key in summaries and summaries[key].disagreement
    ]


@dataclass(frozen=True)
class ChoiceTally:
    """How the room voted on a context question: votes per choice."""

    bars: tuple[Bar, ...]  # one per choice, in the question's order, then "don't know"
    count: int
    values: tuple[str, ...] = ()  # the choice keys behind the bars (not "don't know")

    @property
    def leader_value(self) -> str:
        leader = self.leader
        return self.values[self.bars.index(leader)] if leader else ""

    @property
    def leader(self) -> Bar | None:
        """The choice with the most votes, when one has strictly more than any other."""
        ranked = sorted((b for b in self.bars if b.label != "?"), key=lambda b: -b.count)
        if not ranked or not ranked[0].count:
            return None
        if len(ranked) > 1 and ranked[1].count == ranked[0].count:
            return None
        return ranked[0]


def tally(marks: list[str], values: list[str], choices: list[str]) -> ChoiceTally:
    """`choices` voted ("" for don't know) over the question's choice `values`
    (shown by their `marks`: A, B, …)."""
    counts = [sum(1 for c in choices if c == v) for v in values]
    unknown = sum(1 for c in choices if c not in values)
    total, peak = len(choices) or 1, max(*counts, unknown, 1)
    bars = [
        Bar(mark, n, round(100 * n / total), round(100 * n / peak), None)
        for mark, n in zip([*marks, "?"], [*counts, unknown], strict=True)
    ]
    return ChoiceTally(bars=tuple(bars), count=len(choices), values=tuple(values))


def choice_provenance(tally: ChoiceTally) -> str:
    """The provenance line of a context question's consensus."""
    if not tally.count:
        return _("Workshop consensus, set without votes")
    return _consensus_of(tally.count, tally.bars[-1].count)
