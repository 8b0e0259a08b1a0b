"""The code stays clean: ruff (pyproject.toml [tool.ruff]) and mypy (strict on corpus/ and search/,
lenient elsewhere: [tool.mypy]) run from the venv on the whole project, as the README's test command runs."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> Path:
    tool = Path(sys.executable).with_name(name)
    if not tool.exists():
        pytest.fail(f"{name} is not installed in {tool.parent}: pip install -e '.[test]'")
    return tool


def test_ruff_finds_nothing():
    result = subprocess.run([str(_tool("ruff")), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing():
    result = subprocess.run([str(_tool("mypy")), "--no-incremental", "--cache-dir", "/dev/null"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
