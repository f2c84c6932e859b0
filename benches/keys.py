#!/usr/bin/env python3
"""Keystroke to screen: the real rolo binary in tmux, its screen polled until a key's effect shows.

    python3 benches/keys.py ROLO_BIN DATABASE_URL [--size 120x40] [-n 21] [--as EMAIL]

For each step below, the keys that set it up are sent first (untimed, then the screen is left to
settle), then the timed key is sent and `tmux capture-pane` is called in a loop until the screen
shows the step's result *and* the status line's spinner is blank (nothing in flight). The time is
from just before the key is sent to the first capture that shows it, so it includes tmux passing
the key on, rolo's work, drawing, and up to one capture's round trip. Keys and captures go through
one control-mode client (`tmux -C`), so neither starts a process; "poll" below is the median
time one `capture-pane` took, the resolution of every figure.

Steps (on the database given, which is only read):

* open            Enter on a shell command line that starts rolo, until the companies table and its count are on screen
* filter typed    on Companies, the last letter of `/industry:software` until rows and count
* G               the last row of the whole companies list
* pane switch     `2` (Contacts) until its rows and count are shown
* open record     `Enter` on a company until its detail with tabs is drawn
* sort            `:sort city` Enter on Companies until the list is re-sorted
* board           `b` on Deals until the board's columns and totals are drawn
* board related typed   on the board, the last letter of `/company.industry:software`
* board related pasted  `/company.industry:software` sent at once (one tmux send-keys)

Prints median, p90 and p99 (with fewer than 100 runs p99 is the slowest run) in ms, and the load
average at the start and end.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SPINNER = set("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
STATUS = re.compile(r"^ (Companies|Contacts|Deals|Activities)( │|\s*$)")


class Tmux:
    """One tmux server of our own; keys and captures go through a control-mode client (`tmux -C`),
    so neither pays for starting a tmux process."""

    def __init__(self, rolo, url, size, user):
        self.base = f"rolo-keys-{os.getpid()}"
        self.socket = self.base
        self.runs = 0
        self.rolo, self.url, self.user = rolo, url, user
        self.width, self.height = size
        self.data = tempfile.mkdtemp(prefix="rolo-keys-")
        self.polls = []
        self.client = None

    def tmux(self, *args):
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )

    def start(self):
        """A session whose shell waits for Enter and then runs rolo; returns once attached."""
        # a server of its own per run: a new one on a just-killed server's socket can race it
        self.runs += 1
        self.socket = f"{self.base}-{self.runs}"
        env = (
            f"env ROLO_DATA_DIR={self.data} ROLO_CONFIG={self.data}/config.toml "
            f"TERM=xterm-256color TZ=UTC"
        )
        if self.user:
            env += f" ROLO_USER={self.user}"
        # the URL and paths are ours; quoted for the shell tmux runs the command with
        cmd = f"read _; exec {env} '{self.rolo}' --read-only --database '{self.url}'"
        out = self.tmux(
            "new-session", "-d", "-s", "rolo", "-x", str(self.width), "-y", str(self.height),
            "sh", "-c", cmd,
        )
        if out.returncode != 0:
            sys.exit(f"tmux new-session failed: {out.stderr.strip()}")
        self.client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach", "-t", "rolo"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1,
            encoding="utf-8", errors="replace",
        )
        # no %output notifications: only the replies to our commands come back
        self.command("refresh-client -f no-output")

    def stop(self):
        if self.client is not None:
            self.client.kill()
            self.client.wait()
            self.client = None
        self.tmux("kill-server")

    def command(self, line):
        """Run one tmux command through the control client; its output lines."""
        self.client.stdin.write(line + "\n")
        self.client.stdin.flush()
        out = []
        while not self.client.stdout.readline().startswith("%begin"):
            pass
        while True:
            l = self.client.stdout.readline()
            if l.startswith(("%end", "%error")) or not l:
                return out
            out.append(l.rstrip("\n"))

    def screen(self):
        t0 = time.perf_counter()
        lines = self.command("capture-pane -p -t rolo")
        self.polls.append(time.perf_counter() - t0)
        return lines

    def keys(self, *keys, literal=False):
        # control-mode commands are parsed like tmux's config: quote each argument
        quoted = " ".join("'" + k.replace("'", "'\\''") + "'" for k in keys)
        self.command("send-keys -t rolo " + ("-l " if literal else "") + quoted)

    def wait(self, pred, timeout=60.0):
        """Poll until pred(lines, status) holds; returns the seconds since the call."""
        t0 = time.perf_counter()
        while True:
            lines = self.screen()
            status = next((l for l in lines if STATUS.match(l)), None)
            if status is not None and pred(lines, status):
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > timeout:
                sys.exit("timed out waiting; last screen:\n" + "\n".join(lines))


def counted(status, pane, filt=None):
    """The pane's status line with its count (not '…'), the filter if given, nothing in flight."""
    if not status.startswith(f" {pane} "):
        return False
    if SPINNER & set(status):
        return False
    parts = [p.strip() for p in status.split("│")]
    if filt is not None and not any(p == f"filter: {filt}" for p in parts):
        return False
    if filt is None and "no filter" not in parts:
        return False
    return any(re.fullmatch(r"[\d,]+\+? (rows?|deals?|items?)|at least .*", p) for p in parts)


def board_shown(lines):
    """The board with its totals: the status line counts deals and the pipeline line is drawn."""
    status = next((l for l in lines if STATUS.match(l)), "")
    return re.search(r"\d deals?\b", status) is not None and any(
        "Open pipeline" in x for x in lines)


def body(lines):
    """The screen above the status line (not the input, message and hint lines below it)."""
    for i, l in enumerate(lines):
        if STATUS.match(l):
            return lines[:i]
    return lines


def timed(t, send, pred):
    t0 = time.perf_counter()
    send()
    t.wait(pred)
    return time.perf_counter() - t0


def changed_from(before, pane):
    return lambda lines, s: body(lines) != before and counted(s, pane)


def last_key(t, pane, text):
    """`/` and all of `text` but its last letter (untimed, settled), then the last letter timed
    until the pane shows the whole filter's rows and count; Esc back to no filter."""
    t.keys("/")
    t.keys(text[:-1], literal=True)
    t.wait(lambda l, s: counted(s, pane, text[:-1]))
    time.sleep(0.2)
    took = timed(t, lambda: t.keys(text[-1], literal=True), lambda l, s: counted(s, pane, text))
    t.keys("Escape")
    t.wait(lambda l, s: counted(s, pane))
    time.sleep(0.2)
    return took


def run(t, n):
    res = {k: [] for k in [
        "open", "filter typed", "G", "pane switch", "open record", "sort",
        "board", "board related typed", "board related pasted",
    ]}
    for i in range(n):
        t.stop()
        t.start()
        time.sleep(0.2)
        t0 = time.perf_counter()
        t.keys("Enter")
        t.wait(lambda l, s: counted(s, "Companies") and len(body(l)) > 3)
        res["open"].append(time.perf_counter() - t0)

        # filter as you type, the last key
        res["filter typed"].append(last_key(t, "Companies", "industry:software"))

        before = body(t.screen())
        res["G"].append(timed(t, lambda: t.keys("G"), changed_from(before, "Companies")))
        t.keys("g")
        t.wait(lambda l, s: body(l) == before and counted(s, "Companies"))
        time.sleep(0.2)

        before = body(t.screen())
        res["open record"].append(timed(
            t, lambda: t.keys("Enter"),
            lambda l, s: any("History" in x for x in l) and body(l) != before and not (SPINNER & set(s))))
        t.keys("Escape")
        t.wait(lambda l, s: body(l) == before and counted(s, "Companies"))
        time.sleep(0.2)

        t.keys(":")
        t.keys("sort city", literal=True)
        time.sleep(0.2)
        res["sort"].append(timed(t, lambda: t.keys("Enter"), changed_from(before, "Companies")))
        t.keys(":")
        t.keys("sort name", literal=True)
        t.keys("Enter")
        t.wait(lambda l, s: body(l) == before and counted(s, "Companies"))
        time.sleep(0.2)

        res["pane switch"].append(timed(
            t, lambda: t.keys("2"), lambda l, s: counted(s, "Contacts")))
        time.sleep(0.2)
        t.keys("3")
        t.wait(lambda l, s: counted(s, "Deals"))
        time.sleep(0.2)
        if board_shown(t.screen()):
            # the pane opens on the board: time the way back to it from the table
            t.keys("b")
            t.wait(lambda l, s: counted(s, "Deals") and not board_shown(l))
            time.sleep(0.2)
        res["board"].append(timed(
            t, lambda: t.keys("b"), lambda l, s: counted(s, "Deals") and board_shown(l)))
        time.sleep(0.2)

        res["board related typed"].append(last_key(t, "Deals", "company.industry:software"))

        def paste():
            t.keys("/")
            t.keys("company.industry:software", literal=True)
        res["board related pasted"].append(timed(
            t, paste, lambda l, s: counted(s, "Deals", "company.industry:software")))
        t.keys("Escape")
        t.wait(lambda l, s: counted(s, "Deals"))
        print(f"run {i + 1}/{n} done", file=sys.stderr)
    t.stop()
    return res


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rolo")
    ap.add_argument("url")
    ap.add_argument("--size", default="120x40")
    ap.add_argument("-n", type=int, default=21)
    ap.add_argument("--as", dest="user", default=None)
    a = ap.parse_args()
    w, h = (int(x) for x in a.size.split("x"))
    t = Tmux(os.path.abspath(a.rolo) if os.path.exists(a.rolo) else a.rolo, a.url, (w, h), a.user)
    load0 = open("/proc/loadavg").read().split()[:3]
    try:
        res = run(t, a.n)
    finally:
        t.stop()
    load1 = open("/proc/loadavg").read().split()[:3]
    print(f"size {a.size}, {a.n} runs, load {' '.join(load0)} -> {' '.join(load1)}")
    print(f"poll (one capture-pane): median {statistics.median(t.polls) * 1000:.2f} ms")
    print(f"{'step':<24}{'median':>9}{'p90':>9}{'p99':>9}  ms")
    for k, xs in res.items():
        ms = [x * 1000 for x in xs]
        print(f"{k:<24}{statistics.median(ms):>9.1f}{pct(ms, 0.9):>9.1f}{pct(ms, 0.99):>9.1f}")


if __name__ == "__main__":
    main()
