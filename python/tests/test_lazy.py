"""The lazy DSL: its shape, its cache, COUNT from metadata, and the Java kernels' semantics (README
"Queries"), checked case by case and against a row-by-row reference on random predicates."""

import math
import os
import operator
import random

import numpy as np
import pytest

import pyzdbc


@pytest.fixture
def trades(db):
    db.write_table("trades", {
        "sym": ["AAPL", "MSFT", "AAPL", "GOOG", "AAPL", "MSFT"],
        "price": np.array([15100.0, 300.0, 14900.0, 2800.0, 15500.0, 310.0]),
        "volume": np.array([10, 20, 30, 40, 50, 60], dtype=np.int64),
    })
    return db.table("trades")


def test_the_shape_filter_select_aggregate_collect(trades):
    t = trades
    result = t[t["price"] > 15000]["volume"].sum()
    assert result.collect() == 60
    assert result.collect() == 60
    aapl = t._db.table("trades", sym="AAPL")
    assert aapl["volume"].sum().collect() == 90
    assert aapl.count().collect() == 3
    assert t.vwap("price", "volume").collect() == pytest.approx(
        (15100 * 10 + 300 * 20 + 14900 * 30 + 2800 * 40 + 15500 * 50 + 310 * 60) / 210)
    assert t[t["sym"].isin(["MSFT", "GOOG"])]["price"].max().collect() == 2800.0
    assert t[t["price"].between(300, 2800) & ~(t["sym"] == "GOOG")]["volume"].collect().tolist() == [20, 60]
    assert t[(t["volume"] < 20) | (t["volume"] >= 60)]["volume"].mean().collect() == 35.0


def test_explain_shows_the_tree(trades):
    t = trades
    assert t[t["price"] > 15000]["volume"].sum().explain() == (
        "Aggregate [sum(volume)]\n"
        "└── Filter (price > 15000)\n"
        "    └── Scan trades [volume, price]")
    assert t.count().explain() == "Aggregate [count] (from metadata)\n└── Scan trades []"


def test_count_comes_from_metadata_without_mapping_a_column(trades, db):
    db._cache.clear()
    assert trades.count().collect() == 6
    assert db._cache["trades"].arrays == {}


def test_answers_are_cached_until_the_table_commits_from_any_db_object(trades, db, db_path):
    r = trades["volume"].sum()
    runs = []
    real = r._run
    r._run = lambda: runs.append(1) or real()
    assert r.collect() == 210 and r.collect() == 210
    assert len(runs) == 1
    other = pyzdbc.DB(db_path, durable=False)
    other.append("trades", {"sym": ["X"], "price": [1.0], "volume": [1]})
    assert r.collect() == 211
    assert len(runs) == 2


def test_i64_sums_wrap_and_the_mean_is_the_wrapped_sum_over_the_count(db):
    db.write_table("t", {"x": np.array([2**63 - 1, 1, 2], dtype=np.int64)})
    t = db.table("t")
    assert t["x"].sum().collect() == -(2**63) + 2
    assert t["x"].mean().collect() == (-(2**63) + 2) / 3


def test_nan_compares_false_except_not_equal_and_min_max_skip_it(db):
    db.write_table("t", {"f": np.array([np.nan, 1.0, -0.0, np.inf])})
    t = db.table("t")
    assert t[t["f"] > -np.inf].count().collect() == 3
    assert t[t["f"] == np.nan].count().collect() == 0
    assert t[t["f"] != np.nan].count().collect() == 4
    assert t[t["f"].isin([np.nan, 1.0])].count().collect() == 1
    assert t[t["f"] == 0.0].count().collect() == 1  # -0.0 equals 0.0
    assert t["f"].min().collect() == -0.0 and t["f"].max().collect() == np.inf
    assert math.isnan(t["f"].sum().collect())
    db.write_table("n", {"f": np.array([np.nan, np.nan])})
    assert math.isnan(db.table("n")["f"].min().collect())


def test_aggregates_of_no_rows(trades):
    none = trades[trades["volume"] > 1000]
    assert none["volume"].sum().collect() == 0
    assert none["price"].sum().collect() == 0.0
    assert none.count().collect() == 0
    for r in (none["volume"].min(), none["price"].max(), none["price"].mean(), none.vwap("price", "volume")):
        assert r.collect() is None


def test_vwap_of_zero_volume_is_nan(db):
    db.write_table("t", {"p": [1.0, 2.0], "v": [0, 0]})
    assert math.isnan(db.table("t").vwap("p", "v").collect())


def test_i64_against_a_double_is_compared_exactly(db):
    x = np.array([-(2**63), 2, 3, 2**53, 2**53 + 1, 2**63 - 1], dtype=np.int64)
    db.write_table("t", {"x": x})
    t = db.table("t")

    def count(p):
        return t[p].count().collect()

    assert count(t["x"] > 2.5) == 4
    assert count(t["x"] <= 2.5) == 2
    assert count(t["x"] == 2.5) == 0
    assert count(t["x"] < 1e19) == 6
    assert count(t["x"] > 9.3e18) == 0
    assert count(t["x"] < -1e300) == 0
    assert count(t["x"] == float(2**53 + 1)) == 1  # the double is 2^53: only that row
    assert count(t["x"] == 2**53 + 1) == 1
    assert count(t["x"] >= -9.223372036854775808e18) == 6


def test_str_compares_as_its_8_stored_bytes_unsigned(db):
    db.write_table("t", {"s": ["abcdefghij", "z", "é", "", "a b"]})
    t = db.table("t")
    assert t[t["s"] == "abcdefghijk"].count().collect() == 1  # constants are trimmed like stored values
    assert t[t["s"] > "z"].count().collect() == 1  # 'é' is 0xC3 0xA9: above every ASCII byte
    assert t[t["s"] < "a"].count().collect() == 1  # the empty string is eight spaces
    assert t["s"].max().collect() == "é" and t["s"].min().collect() == ""


def test_group_by_i64_and_str_keys(trades, db):
    g = trades.group_by("sym").agg(vol=("sum", "volume"), n=("count",), vw=("vwap", "price", "volume"),
                                  hi=("max", "price"))
    r = g.collect()
    assert r["sym"].tolist() == ["AAPL", "GOOG", "MSFT"]
    assert r["vol"].tolist() == [90, 40, 80] and r["n"].tolist() == [3, 1, 2]
    assert r["hi"].tolist() == [15500.0, 2800.0, 310.0]
    assert r["vw"][0] == pytest.approx((15100 * 10 + 14900 * 30 + 15500 * 50) / 90)
    db.write_table("k", {"k": [3, 1, 3, 1, 2], "v": [1.0, 2.0, np.nan, 4.0, 5.0]})
    k = db.table("k")
    r = k[k["v"] != 5.0].group_by("k")["v"].min().collect()
    assert r["k"].tolist() == [1, 3] and r["min(v)"].tolist() == [2.0, 1.0]


OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
       "!=": operator.ne}


def stored(s):
    b = s.encode()
    if len(b) > 8:
        cut = 8
        while (b[cut] & 0xC0) == 0x80:
            cut -= 1
        b = b[:cut]
    return b.ljust(8, b" ")


def random_predicate(rng, t, rows):
    """A random predicate and its row-by-row reference (Python compares int and float exactly)."""
    kind = rng.random()
    if kind < 0.15:
        p, f = random_predicate(rng, t, rows)
        return ~p, lambda r: not f(r)
    if kind < 0.35:
        (p, f), (q, g) = random_predicate(rng, t, rows), random_predicate(rng, t, rows)
        if rng.random() < 0.5:
            return p & q, lambda r: f(r) and g(r)
        return p | q, lambda r: f(r) or g(r)
    col = rng.choice(["i", "f", "s"])
    pick = rng.choice(rows)[col]
    if col == "i":
        k = rng.choice([pick, pick + 0.5, float(pick), 2**63, -(2**63) - 1, 1e19, float("nan"), 0])
    elif col == "f":
        k = rng.choice([pick, 0.0, -0.0, float("inf"), float("nan"), 1])
    else:
        k = rng.choice([pick, "", "abcdefghij", "é", "m"])
    if rng.random() < 0.15:
        ks = [k, rng.choice(rows)[col]]
        key = (lambda v: stored(v)) if col == "s" else (lambda v: v)
        return t[col].isin(ks), lambda r: any(key(r[col]) == key(x) for x in ks)
    op = rng.choice(list(OPS))
    if col == "s":
        return OPS[op](t[col], k), lambda r: OPS[op](stored(r[col]), stored(k))
    return OPS[op](t[col], k), lambda r: OPS[op](r[col], k)


def random_table(db, rng, n):
    """Table t of n random rows mixing small values (so that predicates hit) with the edges of each
    type; returns the rows as dicts for a reference."""
    i = [rng.choice([-(2**63), 2**63 - 1, 0, 1, -1, 2**53, 2**53 + 1]) if rng.random() < 0.2
         else rng.randrange(-50, 50) for _ in range(n)]
    f = [rng.choice([float("nan"), float("inf"), -float("inf"), -0.0, 0.0]) if rng.random() < 0.2
         else rng.randrange(-50, 50) / 4 for _ in range(n)]
    s = [rng.choice(["", "a", "abcdefghij", "abcdefgh", "é", "zz", "m n", "Zoë", "ab😀cd"]) for _ in range(n)]
    db.write_table("t", {"i": np.array(i, dtype=np.int64), "f": np.array(f), "s": s})
    return [{"i": a, "f": b, "s": c} for a, b, c in zip(i, f, s)]


def test_random_predicates_match_a_row_by_row_reference(db):
    seed = int(os.environ.get("PYZDBC_DSL_SEED", str(random.randrange(2**31))))
    print(f"random predicates: PYZDBC_DSL_SEED={seed}")
    rng = random.Random(seed)
    rows = random_table(db, rng, 300)
    t = db.table("t")
    for q in range(300):
        p, ref = random_predicate(rng, t, rows)
        want = [r for r in rows if ref(r)]
        got = t[p]
        assert got.count().collect() == len(want), f"seed {seed} query {q}: {p}"
        wi = [r["i"] for r in want]
        assert got["i"].sum().collect() == (sum(wi) + 2**63) % 2**64 - 2**63, f"seed {seed} query {q}: {p}"
