"""100 queries as one `cables batch FILE` against 100 `cables search QUERY` commands.

    .venv/bin/python bench/bench_batch.py --index /tmp/idx6712 [--runs 3]
    .venv/bin/python bench/bench_batch.py --engine solr://127.0.0.1:8983/solr/cables

Both sides run as a user runs them: fresh `cables` processes (the installed script beside this
Python, with the bytecode cache), one after the other, nothing in parallel.  Each side is timed
--runs times after one uncounted warm-up (disk cache); the figures are the medians of the wall
time and of the CPU time (user + system of the child processes: the steadier figure on a loaded
machine).  The totals of both sides are compared query by query (`--json`); a difference fails
the run.  Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CABLES = Path(sys.executable).with_name("cables")

TOPICS = [
    "security", "nuclear", "elections", "corruption", "oil", "terrorism", "human rights", "military",
    "drug trafficking", "president", "negotiations", "refugees", "sanctions", "chavez", "trade",
    "energy", "police", "investment", "journalists", "protests",
]
FORMS = ["{t}", '"{t}" country:PE', "{t} class:secret", "{t} from:2008-01 to:2009-12", "{t} -minister"]


def queries(n: int) -> list[str]:
    """``n`` queries: every topic in every form (plain, phrase with a country, classification, date range, NOT)."""
    out = [form.format(t=topic) for form in FORMS for topic in TOPICS]
    return out[:n]


def timed(commands: list[list[str]]) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds of running ``commands`` one after the other; their outputs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    outputs = []
    for command in commands:
        done = subprocess.run([str(CABLES), *command], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"cables {' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        outputs.append(done.stdout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, outputs


def measure(target: list[str], qs: list[str], runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "queries.txt"
        file.write_text("\n".join(qs) + "\n", encoding="utf-8")
        batch = [["batch", str(file), "--json", *target]]
        singles = [["search", q, "--json", *target] for q in qs]
        sides: dict[str, dict] = {}
        for name, commands in (("batch", batch), ("search", singles)):
            walls, cpus = [], []
            for i in range(runs + 1):
                wall, cpu, outputs = timed(commands)
                if i:
                    walls.append(wall)
                    cpus.append(cpu)
            sides[name] = {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "outputs": outputs}
    batch_totals = [q["total"] for q in json.loads(sides["batch"]["outputs"][0])["queries"]]
    search_totals = [json.loads(o)["total"] for o in sides["search"]["outputs"]]
    if batch_totals != search_totals:
        diff = [(q, a, b) for q, a, b in zip(qs, batch_totals, search_totals) if a != b]
        raise SystemExit(f"batch and search totals differ: {diff[:5]}")
    return {
        "queries": len(qs), "hits_total": sum(batch_totals), "runs": runs,
        **{f"{name}_{k}": round(v, 2) for name, side in sides.items() for k, v in side.items() if k != "outputs"},
        "speedup_wall": round(sides["search"]["wall_s"] / sides["batch"]["wall_s"], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--index", type=Path, help="a Whoosh index folder")
    where.add_argument("--engine", help="a solr:// collection URL")
    parser.add_argument("-n", type=int, default=100, help="queries (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each side (default 3)")
    args = parser.parse_args(argv)
    target = ["--index", str(args.index)] if args.index else ["--engine", args.engine]
    figures = measure(target, queries(args.n), args.runs)
    print(f"{figures['queries']} queries, {figures['hits_total']} hits in all, median of {args.runs} runs")
    print(f"{'':28}{'wall (s)':>10}{'CPU (s)':>10}")
    print(f"{'one cables batch':28}{figures['batch_wall_s']:>10.2f}{figures['batch_cpu_s']:>10.2f}")
    print(f"{f'{args.n} cables search':28}{figures['search_wall_s']:>10.2f}{figures['search_cpu_s']:>10.2f}")
    print(json.dumps({"target": target[1], **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
