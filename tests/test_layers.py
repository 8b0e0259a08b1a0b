"""The layers stay apart: tui -> search -> index -> corpus, Textual only in tui/, Whoosh only in index/
(not in the Solr wing, the engine boundary or the query tree), the engine boundary (index/engines.py)
above two independent wings (index/whoosh/, index/solr/), and no import circle among the modules of index/."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 kept, 0 broken" in result.stdout


def test_exactly_one_whoosh_distribution():
    from importlib.metadata import distributions

    names = {d.metadata["Name"].lower() for d in distributions()}
    whooshes = {n for n in names if n.startswith("whoosh")}
    assert whooshes == {"whoosh-reloaded"}


def test_no_import_circle_among_index_modules():
    """Every import counts, those inside functions too: a circle is a module that reaches itself."""
    import grimp

    graph = grimp.build_graph("index")
    modules = sorted(graph.modules)
    circles = []
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(imported=module, importer=imported):
                circles.append(f"{module} -> {imported} -> … -> {module}")
    assert not circles, "\n".join(circles)
