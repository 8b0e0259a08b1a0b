"""The layers stay apart: tui -> search -> index -> corpus, Textual only in tui/, Whoosh only in index/ and search/."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_exactly_one_whoosh_distribution():
    from importlib.metadata import distributions

    names = {d.metadata["Name"].lower() for d in distributions()}
    whooshes = {n for n in names if n.startswith("whoosh")}
    assert whooshes == {"whoosh-reloaded"}
