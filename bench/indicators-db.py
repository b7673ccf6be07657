#!/usr/bin/env python3
"""Direct database timings for bench/indicators: each indicator's headline query, exactly as
IndicatorEngine::headline_statement builds it (written to STATEMENTS by the store_tests helper
BenchSql.Statements), run in the database itself — no HTTP, no JSON, no access checks — so
that the API's dashboard times can be read against them.

SQLite: the python3 sqlite3 module on the same file (read-only), bound named parameters, timed
with perf_counter. PostgreSQL: psql with \\timing on (client-side, with a round trip), the
parameters inlined as quoted literals (they are dates, ids and vocabulary words, typed as text
like the bound parameters of the server). Each statement REPEAT times; the median counts.
Also checks that the database's value is the engine's, and writes the plans of the slowest
statements to PLANS_OUT (EXPLAIN QUERY PLAN / EXPLAIN (ANALYZE, BUFFERS)).

Usage: indicators-db.py sqlite DB_PATH STATEMENTS REPEAT PLANS_OUT
       indicators-db.py postgres DATABASE_URL STATEMENTS REPEAT PLANS_OUT
Prints one JSON object on stdout.
"""
import json
import re
import statistics
import subprocess
import sys
import time

engine, target, statements_path, repeat, plans_out = sys.argv[1:6]
repeat = int(repeat)
statements = json.load(open(statements_path))
PARAM = re.compile(r"(?<!:):q(\d+)\b")
SLOWEST = 5


def inline(sql, params):
    def literal(m):
        return "'" + params[int(m.group(1)) - 1].replace("'", "''") + "'"
    return PARAM.sub(literal, sql)


def run_sqlite():
    import sqlite3
    db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    out = []
    for s in statements:
        params = {f"q{i + 1}": v for i, v in enumerate(s["params"])}
        samples, value = [], None
        for _ in range(repeat):
            t0 = time.perf_counter()
            value = db.execute(s["sql"], params).fetchone()[0]
            samples.append((time.perf_counter() - t0) * 1000)
        out.append((samples, value))
    plans = []
    for i in slowest(out):
        s = statements[i]
        params = {f"q{k + 1}": v for k, v in enumerate(s["params"])}
        rows = db.execute("EXPLAIN QUERY PLAN " + s["sql"], params).fetchall()
        plans.append((i, "\n".join(f"{r[0]:>4} {r[1]:>4} {r[3]}" for r in rows)))
    return out, plans


def psql(script):
    res = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", target],
                         input=script, capture_output=True, text=True, check=True)
    return res.stdout


def run_postgres():
    script = ["\\timing on"]
    for s in statements:
        script += [inline(s["sql"], s["params"]) + ";"] * repeat
    lines = [l for l in psql("\n".join(script) + "\n").splitlines() if l.strip()]
    out, k = [], 0
    for s in statements:
        samples, value = [], None
        for _ in range(repeat):
            value = int(lines[k]); k += 1
            m = re.match(r"Time: ([0-9.]+) ms", lines[k]); k += 1
            samples.append(float(m.group(1)))
        out.append((samples, value))
    plans = []
    for i in slowest(out):
        s = statements[i]
        plans.append((i, psql("EXPLAIN (ANALYZE, BUFFERS) " + inline(s["sql"], s["params"]) + ";\n").strip()))
    return out, plans


def slowest(out):
    return sorted(range(len(out)), key=lambda i: -statistics.median(out[i][0]))[:SLOWEST]


out, plans = run_sqlite() if engine == "sqlite" else run_postgres()
rows, mismatches, per_project = [], [], {}
for s, (samples, value) in zip(statements, out):
    med = statistics.median(samples)
    rows.append({"project": s["project"], "indicator": s["indicator"], "counts": s["counts"],
                 "value": value, "median_ms": round(med, 3), "max_ms": round(max(samples), 3)})
    per_project[s["project"]] = round(per_project.get(s["project"], 0) + med, 3)
    if value != s["value"]:
        mismatches.append(f"{s['project']} / {s['indicator']}: database {value}, engine {s['value']}")
with open(plans_out, "w") as f:
    f.write(f"# Indicator headline queries — slowest {len(plans)} on {engine}\n\n")
    for i, plan in plans:
        s = statements[i]
        f.write(f"## {s['project']} — {s['indicator']} ({s['counts']}), median "
                f"{statistics.median(out[i][0]):.2f} ms\n\n```sql\n{s['sql']}\n```\n\n"
                f"Parameters: {json.dumps(s['params'], ensure_ascii=False)}\n\n```\n{plan}\n```\n\n")
print(json.dumps({"repeat": repeat, "statements": len(rows),
                  "total_median_ms": round(sum(r["median_ms"] for r in rows), 3),
                  "per_project_ms": per_project, "indicators": rows, "mismatches": mismatches}))
