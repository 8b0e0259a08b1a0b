"""End-to-end ingest rate: archive in, index on disk out.

Runs index.ingest.ingest over an archive into a fresh index and prints ONE
JSON line of figures on stdout: records, seconds, records per second, the
rate over each 25,000 files read (a steady rate means no merge storms), peak
memory (the sum of the resident sets of this process and its parser
processes, sampled every 0.2 s, and each one's own peak), index size, number of
segments, and the machine's load average (the machine is shared: say it
with every figure).

    .venv/bin/python bench/bench_ingest.py                    # the 6,712 WikiLeaks pages (.tar.xz)
    .venv/bin/python bench/bench_ingest.py --path /work/scale/cablegate-251287.tar
    .venv/bin/python bench/bench_ingest.py --corpus speeches --workers 2
    .venv/bin/python bench/bench_ingest.py --keep /tmp/cables-idx   # keep the index for bench_search
    .venv/bin/python bench/bench_ingest.py --profile /tmp/ingest.prof   # cProfile of the main process
    .venv/bin/python bench/bench_ingest.py --path … --engine solr://127.0.0.1:8983/solr/c251k   # into SolrCloud
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("CABLES_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "cables": SHARED / "corpus" / "cables" / "wikileaks-html-6712.tar.xz",
    "speeches": SHARED / "corpus" / "other" / "ungdc-speeches-1946-2024.tar.xz",
}
STEP = 25_000  # files per rate step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=[*CORPORA, "both"], default="cables",
                        help="which archive to ingest (default: cables)")
    parser.add_argument("--path", type=Path, help="ingest this file/folder/archive instead of a named corpus")
    parser.add_argument("--workers", type=int, default=None, help="parser processes (default: one per CPU)")
    parser.add_argument("--batch-size", type=int, default=None, help="records per commit (default: the ingest's growing batches)")
    parser.add_argument("--keep", type=Path, help="build the index in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the main process to this file")
    parser.add_argument("--engine", help="ingest into this Solr collection (solr://HOST:PORT[,…]/solr/COLLECTION, made "
                        "with `cables solr init`) instead of a Whoosh folder; the memory figures are then this "
                        "process and its parsers (Solr's JVMs are not counted), the size one copy as Solr reports it")
    args = parser.parse_args(argv)

    if args.path:
        targets = {args.path.name: args.path}
    else:
        names = list(CORPORA) if args.corpus == "both" else [args.corpus]
        targets = {n: CORPORA[n] for n in names}
    missing = [str(p) for p in targets.values() if not p.exists()]
    if missing:
        print(f"bench_ingest: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    for name, path in targets.items():
        print(json.dumps(run(name, path, args)), flush=True)
    return 0


def run(name: str, path: Path, args: argparse.Namespace) -> dict:
    from index.engines import open_engine
    from index.ingest import ingest

    index_dir = args.engine or (args.keep if args.keep else Path(tempfile.mkdtemp(prefix=f"bench-{name}-")))
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    memory = _MemorySampler()
    steps = _Steps()
    load_before = os.getloadavg()[0]
    cpu_before = os.times()
    started = time.perf_counter()
    memory.start()
    report = ingest([path], index_dir, workers=args.workers, batch_size=args.batch_size, progress=steps)
    seconds = time.perf_counter() - started
    memory.stop()
    cpu = os.times()
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(args.profile))
    cpu_main = cpu.user + cpu.system - cpu_before.user - cpu_before.system
    cpu_parsers = cpu.children_user + cpu.children_system - cpu_before.children_user - cpu_before.children_system
    records = report.new + report.updated + report.unchanged
    index = open_engine(index_dir)
    try:
        stats = index.stats()
    finally:
        index.close()
    figures = {
        "corpus": name,
        "path": str(path),
        "workers": args.workers or os.cpu_count(),
        "files": report.files,
        "records": records,
        "documents": stats["documents"],
        "committed": report.committed,
        "rejected": report.rejected,
        "seconds": round(seconds, 1),
        "records_per_s": round(records / seconds, 1) if seconds else None,
        "files_per_s_each_25000": steps.rates(report.files, seconds),
        # CPU time says what the machine's load (other users) hides.
        "cpu_s_main": round(cpu_main, 1),
        "cpu_s_parsers": round(cpu_parsers, 1),
        "cpu_ms_per_record": round((cpu_main + cpu_parsers) / records * 1000, 2) if records else None,
        "peak_rss_mb_all_processes": round(memory.peak_total / 2**20, 1),
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_mb_parser": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "index_mb": round(stats["size_bytes"] / 2**20, 1),
        "segments": stats.get("segments"),
        "load_avg_before": round(load_before, 2),
        "load_avg_after": round(os.getloadavg()[0], 2),
    }
    if not args.keep and not args.engine:
        shutil.rmtree(index_dir, ignore_errors=True)
    return figures


class _Steps:
    """Progress callback: when the files read crossed each multiple of STEP."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.crossed: list[float] = []

    def __call__(self, p) -> None:
        while p.done >= STEP * (len(self.crossed) + 1):
            self.crossed.append(time.perf_counter() - self.start)

    def rates(self, files: int, seconds: float) -> list[float]:
        marks = [0.0, *self.crossed]
        rates = [round(STEP / (b - a), 1) for a, b in zip(marks, marks[1:]) if b > a]
        rest = files - STEP * len(self.crossed)
        if rest > 0 and seconds > marks[-1]:
            rates.append(round(rest / (seconds - marks[-1]), 1))  # the last, partial step (commits included)
        return rates


class _MemorySampler(threading.Thread):
    """The peak of the summed resident set sizes of this process and all its descendants."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_total = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak_total = max(self.peak_total, _tree_rss(os.getpid()))
            self._halt.wait(0.2)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _tree_rss(pid: int) -> int:
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


if __name__ == "__main__":
    raise SystemExit(main())
