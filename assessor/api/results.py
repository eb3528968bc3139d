"""Results of an assessment: what the brain says, as the brain says it.

The scorecard and advice are serialised by their own to_dict(), not field by
field here, so the API follows the brain as it grows.
"""

from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from assessor.api.access import api_assessment
from assessor.api.docs import operation


class ResultsSerializer(serializers.Serializer):
    assessment = serializers.UUIDField()
    provisional = serializers.BooleanField(help_text="True until the assessment is completed.")
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    scorecard = serializers.DictField(
        help_text="Scores and confidence per area and practice area, raw and gated, "
        "with the prerequisites that capped them."
    )
    advice = serializers.DictField(
        help_text="The decision path with the rules that fired and why, targets, gaps, "
        "the phased roadmap and quick wins."
    )


@operation(
    operation_id="results_read",
    summary="Scores, confidence, path and roadmap",
    response=ResultsSerializer,
)
@api_view(["GET"])
def results(request: Request, slug: str, code) -> Response:
    _, assessment = api_assessment(request, slug, code)
    answers = list(assessment.answers.all())
    outcome = assessment.results(answers)
    progress = assessment.progress(answers)
    return Response(
        {
            "assessment": str(assessment.code),
            "provisional": not assessment.is_completed,
            "answered": progress.answered,
            "total": progress.total,
            "scorecard": outcome.scorecard.to_dict(),
            "advice": outcome.advice.to_dict(),
        }
    )
