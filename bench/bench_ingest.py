"""End-to-end ingest rate: archive in, index on disk out.

Runs index.ingest.ingest over the real archives (the 6,712 WikiLeaks cable
pages and/or the 10,952 UN General Debate speeches) into a fresh index and
prints ONE JSON line of figures per corpus on stdout: records, files,
seconds, records per second, index size on disk, peak memory (this process
and, separately, the parser processes).

    .venv/bin/python bench/bench_ingest.py                    # the cables archive
    .venv/bin/python bench/bench_ingest.py --corpus speeches --workers 2
    .venv/bin/python bench/bench_ingest.py --keep /tmp/cables-idx   # keep the index for bench_search
    .venv/bin/python bench/bench_ingest.py --profile /tmp/ingest.prof   # cProfile of the main process
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.ingest import BATCH_SIZE  # noqa: E402 - after the path insert, so the bench runs from a checkout

SHARED = Path(os.environ.get("CABLES_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "cables": SHARED / "corpus" / "cables" / "wikileaks-html-6712.tar.xz",
    "speeches": SHARED / "corpus" / "other" / "ungdc-speeches-1946-2024.tar.xz",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=[*CORPORA, "both"], default="cables", help="which archive to ingest (default: cables)")
    parser.add_argument("--path", type=Path, help="ingest this file/folder/archive instead of a named corpus")
    parser.add_argument("--workers", type=int, default=None, help="parser processes (default: one per CPU)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"records per commit (default: {BATCH_SIZE})")
    parser.add_argument("--keep", type=Path, help="build the index in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the main process to this file")
    args = parser.parse_args(argv)

    from index.ingest import ingest

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
        index_dir = args.keep if args.keep else Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        load_before = os.getloadavg()[0]
        cpu_before = os.times()
        started = time.perf_counter()
        report = ingest([path], index_dir, workers=args.workers, batch_size=args.batch_size)
        seconds = time.perf_counter() - started
        cpu = os.times()
        cpu_main = cpu.user + cpu.system - cpu_before.user - cpu_before.system
        cpu_parsers = cpu.children_user + cpu.children_system - cpu_before.children_user - cpu_before.children_system
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(args.profile))
        records = report.new + report.updated + report.unchanged
        figures = {
            "corpus": name,
            "path": str(path),
            "workers": args.workers or os.cpu_count(),
            "batch_size": args.batch_size,
            "files": report.files,
            "records": records,
            "committed": report.committed,
            "rejected": report.rejected,
            "seconds": round(seconds, 2),
            "records_per_s": round(records / seconds, 1) if seconds else None,
            # CPU time says what the machine's load (other users) hides: records/s on N free cores
            # is about N / cpu_ms_per_record * 1000 when neither side starves.
            "cpu_s_main": round(cpu_main, 1),
            "cpu_s_parsers": round(cpu_parsers, 1),
            "cpu_ms_per_record": round((cpu_main + cpu_parsers) / records * 1000, 2) if records else None,
            "load_avg_before": round(load_before, 2),
            "load_avg_after": round(os.getloadavg()[0], 2),
            "index_mb": round(_size(index_dir) / 2**20, 1),
            "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_rss_mb_parsers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        }
        print(json.dumps(figures), flush=True)
        if not args.keep:
            shutil.rmtree(index_dir, ignore_errors=True)
    return 0


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


if __name__ == "__main__":
    raise SystemExit(main())
