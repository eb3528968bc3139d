"""The benchmarks `make bench` runs still start and print their figures
(their goals are reported by the benchmarks, not asserted here)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_brain_benchmark_prints_its_median():
    assert "score+advise" in run("bench/brain.py", "50")


def test_report_benchmark_renders_and_prints_time_and_memory():
    out = run("bench/report.py", "--runs", "1")
    assert "median" in out and "peak memory" in out
