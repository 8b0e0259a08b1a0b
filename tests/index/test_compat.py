"""One door to Whoosh's internals (index/whoosh/compat.py): the version check, and no other module
naming a private Whoosh attribute.  Needs no ../shared."""

from __future__ import annotations

import ast
import warnings
from functools import cache
from pathlib import Path

import pytest
import whoosh

from index.whoosh import compat

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("corpus", "index", "search", "tui", "bench")
DOOR = ROOT / "index" / "whoosh" / "compat.py"


@cache
def whoosh_private_names() -> frozenset[str]:
    """Every ``_name`` Whoosh defines: functions, methods, classes, attributes set on ``self``."""
    names: set[str] = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Whoosh's sources have old escape sequences
            tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return frozenset(n for n in names if n.startswith("_") and not n.startswith("__"))


def project_own_names(sources: dict[Path, ast.AST]) -> set[str]:
    """The ``_names`` the project defines itself (its own methods, attributes and module names)."""
    own: set[str] = set()
    for tree in sources.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                own.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                own.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                own.add(node.attr)
    return own


def private_whoosh_uses(sources: dict[Path, ast.AST]) -> list[str]:
    """``file:line name`` of each private Whoosh name read or written outside compat.py."""
    whoosh_names = whoosh_private_names()
    own = project_own_names({p: t for p, t in sources.items() if p != DOOR}) - _writes_to_whoosh(sources)
    found = []
    for path, tree in sources.items():
        if path == DOOR:
            continue
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                name = next((a.name for a in node.names if a.name in whoosh_names), None)
            if name in whoosh_names and (name not in own or isinstance(node, ast.ImportFrom)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


def _writes_to_whoosh(sources: dict[Path, ast.AST]) -> set[str]:
    """Names a subclass of a Whoosh class would set on Whoosh's behalf (``self._added = True``):
    never counted as the project's own, so writing them outside compat is caught too."""
    return {"_added", "_check_state", "_flush_segment", "_finalize_segment", "_commit_toc", "_finish",
            "_close_segment", "_check_fields"}


def _sources() -> dict[Path, ast.AST]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if ".venv" not in path.parts:
                out[path] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def test_no_module_outside_compat_names_a_private_whoosh_attribute():
    assert private_whoosh_uses(_sources()) == []


def test_the_scan_finds_a_private_whoosh_name_where_one_is_used(tmp_path):
    # The check itself: a module reading a column reader's _dbfile (as columns.py once did) is caught.
    bad = ROOT / "index" / "whoosh" / "not_a_module.py"
    tree = ast.parse("def values(column_reader):\n    return column_reader._dbfile.get(column_reader._basepos, 8)\n")
    assert sorted(private_whoosh_uses({bad: tree})) == ["index/whoosh/not_a_module.py:2 _basepos",
                                                        "index/whoosh/not_a_module.py:2 _dbfile"]


def test_another_whoosh_release_is_refused_in_one_line():
    with pytest.raises(compat.WhooshVersionError) as error:
        compat.check_version((2, 8, 0))
    message = str(error.value)
    assert "\n" not in message
    assert "whoosh-reloaded 2.8.0 is installed" in message
    assert "pip install 'whoosh-reloaded>=2.7.5,<2.8'" in message
    compat.check_version((2, 7, 5))  # the release it was written for


def test_setup_pins_the_whoosh_release_compat_was_written_for():
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert compat.PIN in setup
