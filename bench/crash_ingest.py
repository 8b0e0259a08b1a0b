"""Crash safety: kill `cables ingest` with SIGKILL at random moments; nothing committed is lost.

For each of N moments (fixed seed, drawn over the length of one whole ingest of the archive; a
moment after the ingest already finished is reported and replaced by another):
start `cables ingest --index FRESH ARCHIVE`, SIGKILL it and its parser processes at that moment,
then check what a user would: the index opens, `cables search` answers, every document in it is
there once; then run `cables ingest` again to the end and check the index holds exactly the
expected number of unique records (6,709 for the 6,712 WikiLeaks pages: three ids appear twice),
none lost, none duplicated.  Prints one JSON line per kill and a summary line; exit status 1 when
any kill left a broken index or a wrong count.

    .venv/bin/python bench/crash_ingest.py                       # 20 kills, seed 7, the 6,712 pages
    .venv/bin/python bench/crash_ingest.py --kills 3 --seed 1 --path ARCHIVE --expect N
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("CABLES_SHARED", ROOT.parent / "shared"))
ARCHIVE = SHARED / "corpus" / "cables" / "wikileaks-html-6712.tar.xz"
CABLES = [sys.executable, "-m", "tui.cli"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=ARCHIVE, help="archive to ingest (default: the 6,712 WikiLeaks pages)")
    parser.add_argument("--expect", type=int, default=6709, help="unique records a complete ingest holds (default: 6709)")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--length", type=float, help="seconds of one whole ingest (default: measured first)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="crash-ingest-"))
    try:
        length = args.length or _timed_full_ingest(args.path, work / "full", args.expect)
        rng = random.Random(args.seed)  # one generator: different moments
        clean = kills = tries = 0
        # A moment after the ingest has already finished (it ran faster than the measured one)
        # kills nothing: it is reported, not counted, and another moment is drawn.
        while kills < args.kills and tries < 3 * args.kills:
            tries += 1
            moment = rng.uniform(0.5, length)
            outcome = _kill_and_rerun(args.path, work / f"kill-{tries}", moment, args.expect)
            kills += outcome["killed"]
            clean += outcome["killed"] and outcome["clean"]
            print(json.dumps({"kill": kills if outcome["killed"] else None, **outcome}), flush=True)
        print(json.dumps({"kills": kills, "clean": clean, "finished_before_the_kill": tries - kills,
                          "seed": args.seed, "ingest_seconds": round(length, 1)}))
        return 0 if clean == kills == args.kills else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _timed_full_ingest(archive: Path, index_dir: Path, expect: int) -> float:
    started = time.monotonic()
    subprocess.run([*CABLES, "ingest", "--index", str(index_dir), str(archive)], cwd=ROOT, capture_output=True, check=False)
    seconds = time.monotonic() - started
    found = _check(index_dir)
    if found.get("unique") != expect:
        raise SystemExit(f"crash_ingest: a whole ingest gave {found}, expected {expect} unique records")
    shutil.rmtree(index_dir, ignore_errors=True)
    return seconds


def _kill_and_rerun(archive: Path, index_dir: Path, moment: float, expect: int) -> dict:
    proc = subprocess.Popen(
        [*CABLES, "ingest", "--index", str(index_dir), str(archive)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    time.sleep(moment)
    finished_before_kill = proc.poll() is not None
    if not finished_before_kill:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its parser processes, all at once
    proc.wait()
    after_kill = _check(index_dir)
    rerun = subprocess.run([*CABLES, "ingest", "--index", str(index_dir), str(archive)], cwd=ROOT, capture_output=True, text=True)
    after_rerun = _check(index_dir)
    ok_after_kill = (after_kill.get("opens") is not False and after_kill.get("searches", True)
                     and after_kill.get("unique") == after_kill.get("documents"))
    clean = bool(ok_after_kill and rerun.returncode in (0, 3)
                 and after_rerun.get("unique") == after_rerun.get("documents") == expect)
    shutil.rmtree(index_dir, ignore_errors=True)
    return {
        "at_s": round(moment, 2),
        "killed": not finished_before_kill,
        "after_kill": after_kill,
        "rerun_exit": rerun.returncode,
        "rerun_says": rerun.stdout.strip().splitlines()[0] if rerun.stdout.strip() else rerun.stderr.strip()[-200:],
        "after_rerun": after_rerun,
        "clean": clean,
    }


def _check(index_dir: Path) -> dict:
    """What the index holds: documents, unique ids, segments; and whether it opens and searches."""
    from index.engines import IndexNotFound
    from index.whoosh.engine import Index
    from search.library import Library

    try:
        index = Index.open(index_dir)
    except IndexNotFound:
        return {"opens": None, "documents": 0, "unique": 0}  # killed before the first commit: no index yet
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return {"opens": False, "error": repr(exc)}
    try:
        ids = list(index.reader_ids())
        found = {"opens": True, "documents": index.doc_count(), "unique": len(set(ids)), "segments": index.stats()["segments"]}
        try:
            result = Library(index).search("security")
            found["searches"] = True
            found["hits_security"] = result.total
        except Exception as exc:  # noqa: BLE001
            found["searches"] = False
            found["error"] = repr(exc)
        return found
    finally:
        index.close()


if __name__ == "__main__":
    raise SystemExit(main())
