"""The DSL's semantics against the Java kernels on the same cases: random predicates over edge values
(i64 extremes, NaN, ±inf, -0.0, trimmed and multi-byte strings) answered by pyzdbc and by zdbc's SQL
on the Java side (one JVM for all queries). PYZDBC_DSL_SEED re-runs a run."""

import math
import os
import random
import subprocess

from test_lazy import random_predicate, random_table


def sql(p):
    """The predicate tree of pyzdbc.lazy as SQL text."""
    from pyzdbc import lazy

    if isinstance(p, lazy._Bool):
        return f"({sql(p.a)} {p.op} {sql(p.b)})"
    if isinstance(p, lazy._Not):
        return f"(NOT {sql(p.a)})"
    if isinstance(p, lazy._In):
        return f"({p.col} IN ({', '.join(literal(v) for v in p.values)}))"
    op = {"==": "=", "!=": "<>"}.get(p.op, p.op)
    return f"({p.col} {op} {literal(p.value)})"


def literal(v):
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def constants(p):
    from pyzdbc import lazy

    if isinstance(p, lazy._Bool):
        return constants(p.a) + constants(p.b)
    if isinstance(p, lazy._Not):
        return constants(p.a)
    return list(p.values) if isinstance(p, lazy._In) else [p.value]


def sql_safe(p):
    """Whether SQL text carries every constant as it is: SQL reads NaN and infinity as no number, and
    an integer beyond i64 as a double (-2^63 - 1 becomes -2^63), which the DSL compares exactly."""
    for v in constants(p):
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v) or abs(v) >= 1e16):
            return False
        if isinstance(v, int) and not -(2**63) <= v < 2**63:
            return False
    return True


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    return a == b


def test_random_predicates_answer_as_the_java_kernels(db, db_path, java):
    seed = int(os.environ.get("PYZDBC_DSL_SEED", str(random.randrange(2**31))))
    print(f"DSL vs Java: PYZDBC_DSL_SEED={seed}")
    rng = random.Random(seed)
    rows = random_table(db, rng, 500)
    t = db.table("t")
    cases = []
    while len(cases) < 300:
        p, _ = random_predicate(rng, t, rows)
        if sql_safe(p):
            cases.append(p)
    queries = [f"SELECT count(*), sum(i), min(f), max(i), sum(f) FROM t WHERE {sql(p)}" for p in cases]
    r = subprocess.run(java.side_command("query", db_path), input="\n".join(queries) + "\n", capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    answers = r.stdout.splitlines()
    assert len(answers) == len(queries)
    for q, (p, line) in enumerate(zip(cases, answers)):
        jc, ji, jmin, jmax, jf = [None if x == "null" else x for x in line.split("|")]
        got = t[p]
        where = f"seed {seed} query {q}: {queries[q]}"
        assert got.count().collect() == int(jc), where
        assert got["i"].sum().collect() == (int(ji) if ji is not None else 0), where
        assert same(got["f"].min().collect(), None if jmin is None else float(jmin)), where
        assert same(got["i"].max().collect(), None if jmax is None else int(jmax)), where
        assert same(got["f"].sum().collect(), 0.0 if jf is None else float(jf)), where
