"""What a whole command imports: every `cables` run pays for its imports before it does anything.

Each check runs the real command in a fresh Python process over an index of the five bundled
seed documents, then lists which heavy modules that process loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tui.cli import main

HEAVY = ("whoosh", "numpy", "httpx", "urllib.request", "whoosh.lang.morph_en", "textual")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> str:
    folder = str(tmp_path_factory.mktemp("startup") / "idx")
    assert main(["ingest", "--sample", "--index", folder, "--workers", "1"]) == 0
    return folder


def loaded(*args: str) -> tuple[str, set[str]]:
    """(what the command printed, which of HEAVY it imported), in a fresh process."""
    script = (
        "import sys, json\n"
        "from tui.cli import main\n"
        f"status = main({list(args)!r})\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    *printed, modules = done.stdout.splitlines()
    return "\n".join(printed), set(json.loads(modules))


def test_citing_07LIMA2313_para_7_opens_neither_whoosh_nor_numpy(index):
    # 07LIMA2313 ¶7 is marked (C) and comes from Embassy Lima (../shared/seeds/README.md)
    out, modules = loaded("cite", "--index", index, "07 LIMA 2313 ¶7")
    assert out.startswith("07LIMA2313 ¶7 (C), Embassy Lima")
    assert modules.isdisjoint({"whoosh", "numpy", "httpx", "textual"})


def test_a_search_loads_neither_urllib_nor_whooshs_english_word_forms(index):
    # 09LIMA1661's subject: "PERU: INFORMATION ON SECURITY DIALOGUE"
    out, modules = loaded("search", "--index", index, "security dialogue")
    assert "09LIMA1661" in out
    assert "whoosh" in modules and "numpy" in modules  # the index is read: these are its price
    assert modules.isdisjoint({"urllib.request", "whoosh.lang.morph_en", "httpx", "textual"})
