#!/usr/bin/env python3
"""Direct database timings for bench/casework: the blind-index name lookup and the caseload query,
run in the database itself (no HTTP, no decryption, no access checks), so that the API figures
can be read against them.

SQLite: the python3 sqlite3 module on the same file with bound parameters, timed with
perf_counter (the sqlite3 CLI's .timer only shows milliseconds); one `.timer on` run of each
query through the sqlite3 CLI is kept beside the plans for reference.
PostgreSQL: psql with \\timing on (client-side round trip, like the server's), plus EXPLAIN
(ANALYZE, BUFFERS) of one of each.

Usage: casework-db.py sqlite DB_PATH USER_ID TODAY REPEAT PLANS_OUT
       casework-db.py postgres DATABASE_URL USER_ID TODAY REPEAT PLANS_OUT
Prints one JSON object on stdout.
"""
import json
import re
import statistics
import subprocess
import sys
import time

engine, target, user_id, today, repeat, plans_out = sys.argv[1:7]
repeat = int(repeat)
SAMPLE_PEOPLE = 40

# Verbatim from src/store/case_repository.cpp CaseRepository::caseload.
CASELOAD = (
    "SELECT c.id, c.number, c.person_id, c.status, c.opened_on, c.team_id, ct.role, "
    "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id AND t.done_at IS NULL), "
    "(SELECT count(*) FROM tasks t WHERE t.case_id = c.id AND t.done_at IS NULL AND "
    "t.due_at < :today) "
    "FROM cases c LEFT JOIN case_team ct ON ct.case_id = c.id AND ct.user_id = :u1 "
    "WHERE c.number > :after AND (:closed = 1 OR c.status IN ('Active', 'FollowUp')) "
    "AND (:all = 1 OR ct.user_id IS NOT NULL OR (:by_team = 1 AND c.team_id IN "
    "(SELECT team_id FROM team_members WHERE user_id = :u2))) "
    "ORDER BY c.number LIMIT :lim")


def caseload_params(by_team):
    return {"today": today, "u1": user_id, "u2": user_id, "after": "", "closed": 0, "all": 0,
            "by_team": by_team, "lim": 51}


def lookup_sql(n):
    return ("SELECT person_id, key_hash FROM person_search_keys WHERE key_hash IN ("
            + ", ".join(f":k{i}" for i in range(n)) + ")")


def stats(samples_ms, rows=None):
    s = sorted(samples_ms)
    pct = lambda p: s[min(len(s) - 1, max(0, -(-p * len(s) // 100) - 1))]
    out = {"runs": len(s), "p50_ms": round(pct(50), 3), "p95_ms": round(pct(95), 3),
           "p99_ms": round(pct(99), 3), "mean_ms": round(statistics.mean(s), 3)}
    if rows is not None:
        out["mean_rows"] = round(statistics.mean(rows), 1)
    return out


# The name keys of a person are her most frequent keys: given-name and family-name tokens and
# phonetic keys are shared by hundreds or thousands of people, phone and birth-date keys by a few.
NAME_KEYS_SQL = (
    "SELECT k.key_hash FROM person_search_keys k WHERE k.person_id = :p ORDER BY "
    "(SELECT count(*) FROM person_search_keys k2 WHERE k2.key_hash = k.key_hash) DESC LIMIT 4")


def run_sqlite():
    import sqlite3
    db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    total = db.execute("SELECT count(*) FROM people").fetchone()[0]
    people = [db.execute("SELECT id FROM people ORDER BY id LIMIT 1 OFFSET ?",
                         (i * total // SAMPLE_PEOPLE,)).fetchone()[0] for i in range(SAMPLE_PEOPLE)]
    key_sets = [[r[0] for r in db.execute(NAME_KEYS_SQL, {"p": p})] for p in people]
    result = {}
    times, rows = [], []
    for _ in range(max(1, repeat // SAMPLE_PEOPLE)):
        for keys in key_sets:
            t0 = time.perf_counter()
            r = db.execute(lookup_sql(len(keys)), {f"k{i}": k for i, k in enumerate(keys)}).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
            rows.append(len(r))
    result["name_lookup"] = stats(times, rows)
    for name, by_team in (("caseload_mine", 0), ("caseload_team", 1)):
        times, rows = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = db.execute(CASELOAD, caseload_params(by_team)).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
            rows.append(len(r))
        result[name] = stats(times, rows)
    # Plans and one sqlite3 CLI `.timer on` run of each, for reference.
    lit = lambda v: str(v) if isinstance(v, int) else "'" + v.replace("'", "''") + "'"
    def literal(sql, params):
        return re.sub(r":(\w+)", lambda m: lit(params[m.group(1)]), sql)
    lookup = literal(lookup_sql(len(key_sets[0])), {f"k{i}": k for i, k in enumerate(key_sets[0])})
    with open(plans_out, "w") as f:
        for title, sql in (("name lookup", lookup),
                           ("caseload mine", literal(CASELOAD, caseload_params(0))),
                           ("caseload team", literal(CASELOAD, caseload_params(1)))):
            plan = subprocess.run(["sqlite3", "-readonly", target, "EXPLAIN QUERY PLAN " + sql],
                                  capture_output=True, text=True).stdout
            timer = subprocess.run(["sqlite3", "-readonly", target],
                                   input=".timer on\n.output /dev/null\n" + sql + ";\n",
                                   capture_output=True, text=True).stdout
            f.write(f"## SQLite: {title}\n\n```sql\n{sql}\n```\n\n```\n{plan}{timer}```\n\n")
    return result


def psql(sql_text):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", target],
                          input=sql_text, capture_output=True, text=True, check=True).stdout


def run_postgres():
    q = lambda s: s.replace("'", "''")
    total = int(psql("\\t on\nSELECT count(*) FROM people;\n").strip())
    people = [psql(f"\\t on\nSELECT id FROM people ORDER BY id LIMIT 1 OFFSET {i * total // SAMPLE_PEOPLE};\n").strip()
              for i in range(SAMPLE_PEOPLE)]
    key_sets = []
    for p in people:
        out = psql("\\t on\n" + NAME_KEYS_SQL.replace(":p", f"'{q(p)}'") + ";\n")
        key_sets.append([line.strip() for line in out.splitlines() if line.strip()])
    lit = lambda v: str(v) if isinstance(v, int) else "'" + q(v) + "'"
    literal = lambda sql, params: re.sub(r":(\w+)", lambda m: lit(params[m.group(1)]), sql)
    lookups = [literal(lookup_sql(len(k)), {f"k{i}": h for i, h in enumerate(k)}) for k in key_sets]
    timing = re.compile(r"^Time: ([0-9.]+) ms", re.M)

    def timed(statements):
        out = psql("\\o /dev/null\n\\timing on\n" + "".join(s + ";\n" for s in statements))
        return [float(x) for x in timing.findall(out)]

    result = {}
    lookup_runs = [s for _ in range(max(1, repeat // SAMPLE_PEOPLE)) for s in lookups]
    rows = [int(psql("\\t on\nSELECT count(*) FROM (" + s + ") x;\n").strip()) for s in lookups]
    result["name_lookup"] = stats(timed(lookup_runs), rows)
    plans = []
    for name, by_team in (("caseload_mine", 0), ("caseload_team", 1)):
        sql = literal(CASELOAD, caseload_params(by_team))
        n = int(psql("\\t on\nSELECT count(*) FROM (" + sql + ") x;\n").strip())
        result[name] = stats(timed([sql] * repeat), [n])
        plans.append((name.replace("_", " "), sql))
    with open(plans_out, "w") as f:
        for title, sql in [("name lookup", lookups[0])] + plans:
            plan = psql("EXPLAIN (ANALYZE, BUFFERS) " + sql + ";\n")
            f.write(f"## PostgreSQL: {title}\n\n```sql\n{sql}\n```\n\n```\n{plan}```\n\n")
    return result


print(json.dumps(run_sqlite() if engine == "sqlite" else run_postgres()))
