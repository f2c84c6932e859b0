#!/usr/bin/env python3
"""Hand-written SQL baseline for benches/filters.rs.

The filters of the criterion benchmark, written by hand as plain SQL with literal values, run
through the backends' own command-line clients: each query N times inside ONE `sqlite3` session
(`.timer on`) and ONE `psql` session (`\\timing on`), so process start and connecting are not
measured. Results go to `/dev/null` inside the client; only the timer lines are read.

    ROLO_BENCH_SQLITE=/tmp/syn-big3/rolo.db \\
    ROLO_BENCH_PG=postgres://postgres@127.0.0.1/rolo_big \\
        python3 benches/baseline.py [-n 30]

A backend whose variable is unset is skipped. The databases are only read (sqlite3 -readonly;
psql runs SELECT and EXPLAIN only). Writes, under target/filter-bench/ (or $ROLO_BENCH_OUT):

* baseline-<backend>.csv        median / p99 per query, and the rows or count it returned;
* baseline-plans-<backend>.txt  each hand-written query with its plan (EXPLAIN QUERY PLAN /
                                EXPLAIN (ANALYZE, BUFFERS));
* hand-<backend>.json           the exact statements, which `cargo bench --bench filters` also
                                runs in-process through Diesel (same SQLite library as rolo);
* report-<backend>.md           joined with the benchmark's summary-<backend>.csv when present:
                                the numbers of docs/performance.md (`--report` rebuilds it alone).

Order: this script, then `cargo bench --bench filters`, then this script with `--report`.

Timer resolution: sqlite3 3.40's `.timer` prints wall time ("real") in whole milliseconds, too
coarse for sub-millisecond queries, so the SQLite baseline is the statement's CPU time
(user + sys, microseconds; warm cache, so no I/O waits) and the median "real" is shown beside it.
psql's `\\timing` is wall time in microseconds (client round trip, planning and execution).
"""

import argparse
import csv
import json
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ZERO_DECIMALS = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                 "VND", "VUV", "XAF", "XOF", "XPF"]
THREE_DECIMALS = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

COMPANY_COLUMNS = (
    "id name domain website industry size status category phone email billing_street "
    "billing_city billing_region billing_postal_code billing_country service_street service_city "
    "service_region service_postal_code service_country annual_revenue currency employee_count "
    "parent_id owner_id notes created_at updated_at deleted_at version").split()
DEAL_COLUMNS = (
    "id title company_id contact_id stage_id value currency expected_close probability status "
    "priority owner_id lost_reason closed_at created_at updated_at deleted_at version").split()

PAGE = 50


def q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def in_list(codes):
    return ", ".join(q(c) for c in codes)


@dataclass
class Case:
    name: str
    filter: str
    entity: str  # companies | deals
    sqlite_where: str
    pg_where: str
    join_company: bool = False  # deals joined to their company


def cases(today: dt.date):
    close = (today + dt.timedelta(days=30)).isoformat()
    money = (f"d.value >= CASE WHEN d.currency IN ({in_list(ZERO_DECIMALS)}) THEN 10000 "
             f"WHEN d.currency IN ({in_list(THREE_DECIMALS)}) THEN 10000000 ELSE 1000000 END")
    tag_sqlite = ("c.id IN (SELECT ct.company_id FROM company_tags ct JOIN tags t ON t.id = ct.tag_id "
                  "WHERE t.deleted_at IS NULL AND t.name = 'vip')")
    tag_pg = tag_sqlite.replace("t.name = 'vip'", "lower(t.name) = 'vip'")
    return [
        Case("single_field", "companies: industry:software", "companies",
             "c.industry = 'software'", "lower(c.industry) = 'software'"),
        Case("two_fields", "companies: industry:software status:customer", "companies",
             "c.industry = 'software' AND c.status = 'customer'",
             "lower(c.industry) = 'software' AND c.status = 'customer'"),
        Case("or_group", "companies: status:lead | status:prospect", "companies",
             "c.status IN ('lead', 'prospect')", "c.status IN ('lead', 'prospect')"),
        Case("related", "deals: company.industry:software", "deals",
             "c.deleted_at IS NULL AND c.industry = 'software'",
             "c.deleted_at IS NULL AND lower(c.industry) = 'software'", join_company=True),
        Case("related_small", "deals: company.name:\"cedarwave partners\"", "deals",
             "c.deleted_at IS NULL AND c.name = 'cedarwave partners'",
             "c.deleted_at IS NULL AND lower(c.name) = 'cedarwave partners'", join_company=True),
        Case("tag", "companies: tag:vip", "companies", tag_sqlite, tag_pg),
        Case("full_text", "companies: north", "companies",
             "c.seq IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH '\"north\"')",
             "(lower(c.name) LIKE '%north%' OR lower(c.domain) LIKE '%north%')"),
        Case("relative_date", "deals: close<+30d", "deals",
             f"d.expected_close < '{close}'", f"d.expected_close < DATE '{close}'"),
        Case("money_related", "deals: value>=10000 company.industry:software", "deals",
             f"({money}) AND c.deleted_at IS NULL AND c.industry = 'software'",
             f"({money}) AND c.deleted_at IS NULL AND lower(c.industry) = 'software'",
             join_company=True),
        Case("money", "deals: value>=10000", "deals", f"({money})", f"({money})"),
    ]


class Backend:
    label = ""

    def __init__(self, target: str):
        self.target = target

    # -- query shapes -------------------------------------------------------------------------
    def parts(self, case: Case):
        if case.entity == "companies":
            alias, cols, sort, source = "c", COMPANY_COLUMNS, "name", "companies c"
        else:
            alias, cols, sort = "d", DEAL_COLUMNS, "title"
            source = "deals d JOIN companies c ON c.id = d.company_id" if case.join_company else "deals d"
        where = case.sqlite_where if self.label == "sqlite" else case.pg_where
        where = f"{alias}.deleted_at IS NULL AND {where}"
        select = ", ".join(f"{alias}.{c}" for c in cols)
        return alias, select, sort, source, where

    def queries(self, case: Case, cursor):
        alias, select, sort, source, where = self.parts(case)
        key = self.fold(f"{alias}.{sort}")
        order = f"ORDER BY {key}, {alias}.id LIMIT {PAGE + 1}"
        out = {"first_page": f"SELECT {select} FROM {source} WHERE {where} {order}"}
        if cursor:
            k, ident = cursor
            v = self.fold(q(k))
            out["next_page"] = (f"SELECT {select} FROM {source} WHERE {where} AND {key} >= {v} "
                                f"AND ({key} > {v} OR {alias}.id > {self.id_literal(ident)}) {order}")
        out["count"] = f"SELECT count(*) AS n FROM {source} WHERE {where}"
        return out

    def cursor_query(self, case: Case):
        alias, _, sort, source, where = self.parts(case)
        return (f"SELECT {alias}.{sort}, {self.id_text(alias + '.id')} FROM {source} WHERE {where} "
                f"ORDER BY {self.fold(alias + '.' + sort)}, {alias}.id LIMIT 1 OFFSET {PAGE - 1}")


class Sqlite(Backend):
    label = "sqlite"

    def fold(self, expr):
        return expr  # text columns are COLLATE NOCASE

    def id_literal(self, ident):
        return f"x'{ident}'"

    def id_text(self, col):
        return f"hex({col})"

    def one(self, sql):
        out = subprocess.run(["sqlite3", "-readonly", "-separator", "\x1f", self.target, sql],
                             check=True, capture_output=True, text=True).stdout
        return out.rstrip("\n")

    def explain(self, sql):
        return self.one(f"EXPLAIN QUERY PLAN {sql}")

    def timed(self, sqls, reps, warm):
        script = [".timer off", ".output /dev/null"]
        for sql in sqls:
            script += [sql + ";"] * warm
        script.append(".timer on")
        for sql in sqls:
            script += [sql + ";"] * reps
        out = run_script(["sqlite3", "-readonly", self.target], script)
        pat = re.compile(r"Run Time: real ([\d.]+) user ([\d.]+) sys ([\d.]+)")
        rows = [(float(m[1]), float(m[2]) + float(m[3])) for m in pat.finditer(out)]
        if len(rows) != reps * len(sqls):
            sys.exit(f"sqlite3: expected {reps * len(sqls)} timer lines, got {len(rows)}:\n{out[-2000:]}")
        # per query: (cpu seconds list, real seconds list)
        return [([c for _, c in rows[i * reps:(i + 1) * reps]],
                 [r for r, _ in rows[i * reps:(i + 1) * reps]]) for i in range(len(sqls))]


class Postgres(Backend):
    label = "postgres"

    def fold(self, expr):
        return f"lower({expr})"

    def id_literal(self, ident):
        return f"'{ident}'::uuid"

    def id_text(self, col):
        return f"{col}::text"

    def psql(self):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.target]

    def one(self, sql):
        out = subprocess.run(self.psql() + ["-A", "-t", "-F", "\x1f", "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return out.rstrip("\n")

    def explain(self, sql):
        return self.one(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")

    def timed(self, sqls, reps, warm):
        script = ["\\o /dev/null"]
        for sql in sqls:
            script += [sql + ";"] * warm
        script.append("\\timing on")
        for sql in sqls:
            script += [sql + ";"] * reps
        out = run_script(self.psql(), script)
        times = [float(m[1]) / 1e3 for m in re.finditer(r"Time: ([\d.]+) ms", out)]
        if len(times) != reps * len(sqls):
            sys.exit(f"psql: expected {reps * len(sqls)} timing lines, got {len(times)}:\n{out[-2000:]}")
        return [(times[i * reps:(i + 1) * reps], None) for i in range(len(sqls))]


def run_script(cmd, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        with open(path) as stdin:
            return subprocess.run(cmd, stdin=stdin, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)


def median_p99(xs):
    s = sorted(xs)
    p99 = s[max(0, min(len(s), -(-len(s) * 99 // 100)) - 1)]
    return statistics.median(s), p99


def fmt_ms(seconds):
    return f"{seconds * 1e3:.3f}"


def run_backend(backend: Backend, reps: int, warm: int, out: Path, only):
    today = dt.datetime.now(dt.timezone.utc).date()
    rows, plans, hand = [], [], {}
    for case in cases(today):
        if only and case.name not in only:
            continue
        cur = backend.one(backend.cursor_query(case))
        cursor = tuple(cur.split("\x1f")) if cur else None
        queries = backend.queries(case, cursor)
        hand[case.name] = queries
        results = {}
        for op, sql in queries.items():
            got = backend.one(sql if op == "count" else f"SELECT count(*) FROM ({sql}) AS page")
            results[op] = got if op == "count" else f"{min(int(got), PAGE)} rows"
            plans.append(f"=== {case.name} ({case.filter}) — {op}: {results[op]}\n{sql}\n"
                         f"{backend.explain(sql)}\n")
        timings = backend.timed(list(queries.values()), reps, warm)
        for (op, _), (primary, real) in zip(queries.items(), timings):
            med, p99 = median_p99(primary)
            rows.append({
                "backend": backend.label, "case": case.name, "filter": case.filter, "op": op,
                "median_ms": fmt_ms(med), "p99_ms": fmt_ms(p99), "n": len(primary),
                "real_median_ms": fmt_ms(statistics.median(real)) if real else "",
                "measure": "cpu (user+sys)" if real else "wall",
                "result": results[op],
            })
        print(f"{backend.label} {case.name}: " + ", ".join(
            f"{r['op']} {r['median_ms']} ms" for r in rows if r["case"] == case.name), flush=True)
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"baseline-{backend.label}.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    (out / f"baseline-plans-{backend.label}.txt").write_text("\n".join(plans))
    if not only:
        # the exact statements, for the benchmark's in-process run of the same SQL
        (out / f"hand-{backend.label}.json").write_text(json.dumps(hand, indent=1))
    report(backend.label, out)


def read_csv(path: Path):
    if not path.exists():
        return []
    with path.open() as f:
        return list(csv.DictReader(f))


def report(label, out: Path):
    """Join the benchmark summary with the baseline: the numbers of docs/performance.md."""
    base_rows = read_csv(out / f"baseline-{label}.csv")
    summary = {(r["case"], r["op"]): r for r in read_csv(out / f"summary-{label}.csv")}
    if not base_rows or not summary:
        print(f"(report-{label}.md needs both baseline-{label}.csv and summary-{label}.csv)")
        return
    goal_page = 5.0 if label == "sqlite" else 10.0
    base = {(r["case"], r["op"]): r for r in base_rows}
    ops = ("first_page", "next_page", "count")

    def med(row):
        return float(row["median_ms"]) if row else None

    def ratio(a, b):
        return f"{a / b:.1f}x" if a is not None and b else "—"

    def num(x):
        return f"{x:.2f}" if x is not None else "—"

    lines = ["| filter | first page median / p99 | next page median / p99 | count median / p99 | "
             "capped count median / p99 (result) | "
             "hand-written CLI median first / next / count | ratio vs CLI | "
             "hand-written in-process median first / next / count | ratio vs in-process | rows |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for case in dict.fromkeys(r["case"] for r in base_rows):
        cells, cli, inproc, r_cli, r_in, checks = [], [], [], [], [], []
        for op in ops:
            s, b, h = summary.get((case, op)), base.get((case, op)), summary.get((case, "hand_" + op))
            cells.append(f"{float(s['median_ms']):.2f} / {float(s['p99_ms']):.2f}" if s else "—")
            cli.append(num(med(b)))
            inproc.append(num(med(h)))
            r_cli.append(ratio(med(s), med(b)))
            r_in.append(ratio(med(s), med(h)))
            for other in (b, h):
                if s and other and s["result"] != other["result"]:
                    checks.append(f"{op}: {s['result']} vs {other['result']}")
        capped = summary.get((case, "capped_count"))
        cells.append(f"{float(capped['median_ms']):.2f} / {float(capped['p99_ms']):.2f} "
                     f"({capped['result']})" if capped else "—")
        filt = next(r["filter"] for r in base_rows if r["case"] == case)
        count = summary.get((case, "count"), {}).get("result", "?")
        check = f"{count}, same as hand-written" if not checks else "MISMATCH " + "; ".join(checks)
        lines.append(f"| `{filt}` | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} | {' / '.join(cli)} | "
                     f"{' / '.join(r_cli)} | {' / '.join(inproc)} | {' / '.join(r_in)} | {check} |")
    text = (f"{label}: medians in ms; page goal < {goal_page:g} ms and within 1.5x of hand-written; "
            f"count goal < 50 ms\n\n" + "\n".join(lines) + "\n")
    (out / f"report-{label}.md").write_text(text)
    print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=30, help="timed runs of each query (default 30)")
    ap.add_argument("--warm", type=int, default=3, help="untimed runs first (default 3)")
    ap.add_argument("--only", nargs="*", help="case names to run (default: all)")
    ap.add_argument("--report", action="store_true",
                    help="only rebuild report-<backend>.md from the CSVs already written")
    args = ap.parse_args()
    out = Path(os.environ.get("ROLO_BENCH_OUT", "target/filter-bench"))
    if args.report:
        for label in ("sqlite", "postgres"):
            report(label, out)
        return
    ran = False
    for var, cls in (("ROLO_BENCH_SQLITE", Sqlite), ("ROLO_BENCH_PG", Postgres)):
        target = os.environ.get(var, "").strip()
        if not target:
            print(f"note: {var} is not set; skipping the {cls.label} baseline", file=sys.stderr)
            continue
        if cls is Sqlite and target.startswith("sqlite://"):
            target = target[len("sqlite://"):]
        run_backend(cls(target), args.n, args.warm, out, args.only)
        ran = True
    if not ran:
        sys.exit("set ROLO_BENCH_SQLITE and/or ROLO_BENCH_PG")


if __name__ == "__main__":
    main()
