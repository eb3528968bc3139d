"""The benchmarks `make bench` runs still start and print their figures
(their goals are reported by the benchmarks, not asserted here)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_brain_benchmark_prints_its_median():
    assert "score+advise" in run("bench/brain.py", "50")


def test_report_benchmark_renders_and_prints_time_and_memory():
    out = run("bench/report.py", "--runs", "1")
    assert "median" in out and "peak memory" in out
    for name in ("PDF", "Word (DOCX)", "PowerPoint (PPTX)"):
        assert name in out


@pytest.mark.services
def test_answer_save_benchmark_prints_all_three_lines_and_both_ratios():
    out = run("bench/answer_save.py", "--seconds", "1", timeout=1800)
    for line in ("bare view", "minimal write", "answer save"):
        assert line in out
    assert "save/minimal write" in out and "save/bare view" in out


@pytest.mark.services
def test_workshop_benchmark_runs_two_room_sizes_both_ways_of_voting_and_checks_the_votes():
    out = run(
        "bench/workshop_load.py",
        *("--participants", "5", "12", "--votes", "once", "stress", "--seconds", "10"),
        timeout=1800,
    )
    for size in ("5", "12"):
        assert f"{size} participants voting once per question" in out
        assert f"{size} participants voting every 3-10 s (stress" in out
    assert "CPU per 100 participants" in out and "lost 0" in out
