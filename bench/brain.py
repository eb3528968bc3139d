"""Time to score and advise a fully answered assessment on the built-in bank v2.

Usage (from the repository root): .venv/bin/python bench/brain.py [runs]
Goal: under 2 ms median on a 2-core machine.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessor.advice import advise  # noqa: E402
from assessor.frameworks import builtin_framework_files, load_framework_file  # noqa: E402
from assessor.scoring import AnswerInput, score  # noqa: E402

CONTEXT = {
    "ai_adoption_stage": "production",
    "model_usage": "fine_tunes",
    "pilots_reach_production": "sometimes",
    "business_objective": "stability",
    "industry": "finance",
    "compliance_exposure": "high",
    "team_composition": "data_scientists_only",
    "budget_compute": "constrained",
}


def main(runs: int) -> None:
    framework = load_framework_file(
        next(path for path in builtin_framework_files() if path.name.endswith(".v2.yaml"))
    )
    # a varied, fully answered assessment: every modifier and several caps apply
    answers = {
        question.key: AnswerInput("answered", (index * 7) % 5)
        for index, question in enumerate(framework.scored_questions)
    }
    durations = []
    for _ in range(runs // 10):  # warm-up
        advise(framework, score(framework, answers), CONTEXT, regulated=True)
    for _ in range(runs):
        started = time.perf_counter()
        advise(framework, score(framework, answers), CONTEXT, regulated=True)
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[int(len(durations) * 0.95) - 1]
    print(
        f"score+advise ({len(framework.scored_questions)} questions): "
        f"median {statistics.median(durations):.2f} ms, p95 {p95:.2f} ms over {runs} runs"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
