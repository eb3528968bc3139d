"""Print the reference clients' advice as the Markdown table of docs/advice-review.md.

Usage: .venv/bin/python scripts/advice_review.py
The table is generated from the real outputs; the consultant's read below it
in docs/advice-review.md is written by hand.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessor.brain.scenarios import CLIENTS, run  # noqa: E402
from assessor.frameworks import builtin_framework_files, load_framework_file  # noqa: E402


def main() -> None:
    framework = load_framework_file(
        next(path for path in builtin_framework_files() if path.name.endswith(".v2.yaml"))
    )
    print("| Client | Path | Phase 1 | Why (decisive rule; adjustments) | Delivery profile |")
    print("| --- | --- | --- | --- | --- |")
    for client in CLIENTS:
        _, advice = run(framework, client)
        fired = advice.path.rules[-1]
        first = advice.phases[0] if advice.phases else None
        phase_1 = (
            f"months {first.start_month}–{first.end_month}: "
            + ", ".join(item.title for item in first.items)
            if first
            else "nothing below target"
        )
        if advice.discovery:
            phase_1 += "; find out first: " + ", ".join(d.title for d in advice.discovery)
        why = fired.rationale
        applied = [m.rationale for m in advice.modifiers if m.applied]
        if applied:
            why += "; " + "; ".join(applied)
        path = advice.path.title + (" (provisional)" if advice.path.provisional else "")
        dora = advice.dora.cluster if advice.dora and advice.dora.cluster else "–"
        print(f"| {client.name} | {path} | {phase_1} | {why} | {dora} |")


if __name__ == "__main__":
    main()
