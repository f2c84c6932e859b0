#!/usr/bin/env python3
"""A long browse of the TUI, as a rep would, with the process's memory sampled as it goes.

    python3 benches/browse.py ROLO_BIN DATABASE_URL [--minutes 60] [--size 120x40] [--as EMAIL]
        [--every 30]

Runs the real binary (read-only) in tmux and, until the time is up, goes round the four panes:
paging down and up, `G` and `g`, opening records and stepping through their tabs (and the rows of a
tab), typing filters (`north`, `industry:software`, `status:customer`, `open`, `overdue`, …),
sorting by another column, the deals board with a related filter, and clearing filters again, with
a pause of 0.1-0.4 s between keys. Every `--every` seconds it reads the rolo process's RSS, PSS and
anonymous memory (/proc/PID/smaps_rollup) and its open database connections (SQLite: the file's
descriptors; PostgreSQL: pg_stat_activity rows with application_name rolo/…, when psql can reach
the server), and prints one line; at the end a summary of the first, the largest and the last.
"""

import argparse
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keys import Tmux  # noqa: E402  (the same tmux harness as the keystroke benchmark)

FILTERS = {
    "1": ["north", "industry:software", "status:customer", "tag:vip", "city:berlin"],
    "2": ["okafor", "company.industry:software", "title:manager"],
    "3": ["open", "value>=10000", "close<+30d", "company.industry:software"],
    "4": ["overdue", "kind:call", "due<+7d"],
}


def smaps(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                    out[parts[0][:-1]] = int(parts[1])
    except OSError:
        pass
    return out


def connections(pid, url):
    if url.startswith("postgres"):
        q = "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'rolo/%'"
        r = subprocess.run(["psql", url, "-Atc", q], capture_output=True, text=True, check=False)
        return r.stdout.strip() or "?"
    n = 0
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target == os.path.abspath(url):
                n += 1
    except OSError:
        return "?"
    return str(n)


def pause(rng):
    time.sleep(rng.uniform(0.1, 0.4))


def round_of(t, rng):
    """One round: every pane, in a random order."""
    panes = ["1", "2", "3", "4"]
    rng.shuffle(panes)
    for p in panes:
        t.keys(p)
        pause(rng)
        for _ in range(rng.randint(2, 8)):
            t.keys(rng.choice(["PageDown", "PageDown", "j", "j", "j", "PageUp"]))
            pause(rng)
        t.keys("G")
        pause(rng)
        t.keys("g")
        pause(rng)
        for _ in range(rng.randint(1, 3)):
            for _ in range(rng.randint(0, 12)):
                t.keys("j")
            t.keys("Enter")
            pause(rng)
            for _ in range(rng.randint(1, 4)):
                t.keys("l")
                pause(rng)
                for _ in range(rng.randint(0, 3)):
                    t.keys("j")
                    pause(rng)
            t.keys("Escape")
            pause(rng)
        text = rng.choice(FILTERS[p])
        t.keys("/")
        for ch in text:
            t.keys(ch, literal=True)
            time.sleep(rng.uniform(0.03, 0.12))
        t.keys("Enter")
        pause(rng)
        for _ in range(rng.randint(1, 4)):
            t.keys("PageDown")
            pause(rng)
        t.keys("l")
        t.keys("s")
        pause(rng)
        t.keys("s")
        pause(rng)
        t.keys("h")
        if p == "3":
            t.keys("b")
            pause(rng)
            for _ in range(rng.randint(1, 5)):
                t.keys(rng.choice(["l", "j", "j", "h"]))
                pause(rng)
            t.keys("b")
            pause(rng)
        # clear the filter again: an empty filter line
        t.keys("/")
        t.keys("C-u")
        t.keys("Enter")
        pause(rng)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rolo")
    ap.add_argument("url")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--as", dest="user", default=None)
    ap.add_argument("--every", type=float, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", action="store_true", help="print the screen after every round")
    a = ap.parse_args()
    w, h = (int(x) for x in a.size.split("x"))
    rolo = os.path.abspath(a.rolo) if os.path.exists(a.rolo) else a.rolo
    t = Tmux(rolo, a.url, (w, h), a.user)
    rng = random.Random(a.seed)
    t.start()
    time.sleep(0.2)
    t.keys("Enter")
    time.sleep(3)
    pid = t.tmux("display-message", "-p", "-t", "rolo", "#{pane_pid}").stdout.strip()
    print("min  rss_MB  pss_MB  anon_MB  conns  load", flush=True)
    samples = []
    start = time.monotonic()
    next_sample = start
    rounds = 0
    try:
        while time.monotonic() - start < a.minutes * 60:
            if time.monotonic() >= next_sample:
                m = smaps(pid)
                if not m:
                    sys.exit("rolo is no longer running")
                s = (
                    (time.monotonic() - start) / 60,
                    m.get("Rss", 0) / 1024,
                    m.get("Pss", 0) / 1024,
                    m.get("Anonymous", 0) / 1024,
                    connections(pid, a.url),
                    open("/proc/loadavg").read().split()[0],
                )
                samples.append(s)
                print("%5.1f %7.1f %7.1f %8.1f %6s %5s" % s, flush=True)
                next_sample += a.every
            round_of(t, rng)
            rounds += 1
            if a.show:
                print(t.tmux("capture-pane", "-p", "-t", "rolo").stdout, flush=True)
    finally:
        t.stop()
    if samples:
        top = max(samples, key=lambda s: s[1])
        print(f"rounds {rounds}; RSS first {samples[0][1]:.1f} MB, largest {top[1]:.1f} MB "
              f"(at {top[0]:.1f} min), last {samples[-1][1]:.1f} MB; anonymous last {samples[-1][3]:.1f} MB")


if __name__ == "__main__":
    main()
