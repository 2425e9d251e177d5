"""pyzdbc benchmark (not a test): the original ZDBC library's players table against pyarrow Feather
and Parquet, and the original ZDBC library's trades queries through the lazy DSL against Polars lazy on the same
column files, in the same run. Each figure is the best of many short timings (at least --repeat;
on a shared machine other processes only ever add time); each target is a same-run ratio, and
with --runs N the whole benchmark runs N times and the summary gives the median of each.

  python bench.py [--rows 10000 ...] [--trades 100000 ...] [--runs 3] [--repeat 15] [--dir DIR]

Targets (at 10^4 players rows and 10^5 trades rows; other sizes are checked against the same
thresholds): read_columns of the 5 columns, database open, >= 20x faster than the faster pyarrow
Feather read into numpy; get_column <= 500 ns; COUNT <= 700 ns; VWAP >= 4x and filter+sum >= 1.5x
faster than Polars lazy; a cached answer <= 1 us."""

import argparse
import os
import shutil
import statistics
import timeit

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

import pyzdbc

REPEAT = 15


def best_s(fn, repeat=None, window=2e-4, spend=0.3):
    """Seconds per call: the best of many short timings (each of enough calls to last ``window``
    seconds). On a shared machine other processes only add time, and a short timing is often
    left alone by the scheduler; at least ``repeat`` timings, more while they fit in ``spend``."""
    number = 1
    while True:
        t = timeit.timeit(fn, number=number)
        if t >= window or number >= 1 << 22:
            break
        number *= 2 if t > window / 8 else 8
    repeat = max(repeat or REPEAT, min(1000, int(spend / max(t, 1e-9))))
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def fmt(s):
    if s < 1e-5:
        return f"{s * 1e9:9.0f} ns"
    return f"{s * 1e6:9.1f} us" if s < 1e-2 else f"{s * 1e3:9.2f} ms"


def players(n, rng):
    return pd.DataFrame({
        "id": np.arange(n, dtype=np.int64),
        "name": rng.choice(["Alice", "Bob", "Eve"], n),
        "score": rng.random(n) * 100,
        "active": rng.integers(0, 2, n, dtype=np.int64),
        "category": rng.choice(["A", "B", "C"], n),
    })


def as_numpy(t):
    """A pyarrow table as pyzdbc's read_columns gives it: numeric arrays and str as NUL-padded S8."""
    return {c: (t.column(c).to_numpy().astype("S8") if t.schema.field(c).type in (pa.string(), pa.large_string())
                else t.column(c).to_numpy()) for c in t.column_names}


def bench_table(d, n, rng):
    """[(name, seconds)] for the players table of n rows."""
    df = players(n, rng)
    table = pa.Table.from_pandas(df, preserve_index=False)
    path = os.path.join(d, f"players{n}")
    db = pyzdbc.DB(path, durable=False)
    big = n >= 1_000_000
    rows = [("pyzdbc write_table (FAST)", best_s(lambda: db.write_table("players", df), repeat=3 if big else 5))]
    rows.append(("pyzdbc read_columns, DB opened each time",
                 best_s(lambda: pyzdbc.DB(path, read_only=True).read_columns("players"))))
    db.read_columns("players")
    rows.append(("pyzdbc read_columns, DB open", best_s(lambda: db.read_columns("players"))))
    rows.append(("pyzdbc read_column", best_s(lambda: db.read_column("players", "score"))))
    rows.append(("pyzdbc load_table (pandas)", best_s(lambda: db.load_table("players"), repeat=5 if big else None)))
    outs = {}
    for name, write, read in [
        ("feather uncompressed", lambda f: feather.write_feather(table, f, compression="uncompressed"),
         lambda f: feather.read_table(f, memory_map=True)),
        ("feather lz4", lambda f: feather.write_feather(table, f, compression="lz4"),
         lambda f: feather.read_table(f)),
        ("parquet snappy", lambda f: pq.write_table(table, f, compression="snappy"), lambda f: pq.read_table(f)),
    ]:
        f = os.path.join(d, f"players{n}.{name.replace(' ', '-')}")
        rows.append((f"{name} write", best_s(lambda: write(f), repeat=3 if big else 5)))
        # Equal outputs: every column as a ready numpy array (str as fixed-width bytes, as pyzdbc's S8).
        rows.append((f"{name} read into numpy", best_s(lambda: as_numpy(read(f)), repeat=5 if big else None)))
        rows.append((f"{name} read into pandas", best_s(lambda: read(f).to_pandas(), repeat=5 if big else None)))
        outs[name] = as_numpy(read(f))
    mine = db.read_columns("players")
    for name, got in outs.items():
        for c in mine:
            bad = np.flatnonzero(mine[c] != got[c])
            assert len(bad) == 0, (name, c, mine[c][bad[:3]], got[c][bad[:3]], len(mine[c]), len(got[c]))
    db.close()
    return rows


def trades(n, rng):
    syms = np.array(["AAPL", "MSFT", "GOOG", "AMZN"])
    return {"sym": syms[rng.integers(0, 4, n)], "price": 14000 + rng.random(n) * 2000,
            "volume": rng.integers(1, 1000, n, dtype=np.int64)}


def polars_frame(path):
    """Polars over the same column files: each mapped with numpy.memmap, numeric Series without a copy
    (as benchmarks/polars_bench.py does for the Java benchmark), sym as Categorical."""
    files = os.path.join(path + "dir", "trades.")
    sym = pl.Series("sym", np.memmap(files + "sym", dtype="S8", mode="r")).cast(pl.String).str.strip_chars_end(" ")
    return pl.DataFrame([sym.cast(pl.Categorical), pl.Series("price", np.memmap(files + "price", dtype="<f8", mode="r")),
                         pl.Series("volume", np.memmap(files + "volume", dtype="<i8", mode="r"))])


def bench_queries(d, n, rng):
    """[(name, seconds, polars seconds or None)] for the original ZDBC library's queries on trades of n rows."""
    path = os.path.join(d, f"trades{n}")
    db = pyzdbc.DB(path, durable=False)
    db.write_table("trades", trades(n, rng))
    t = db.table("trades")
    lf = polars_frame(path).lazy()
    pv = lambda: lf.select((pl.col("price") * pl.col("volume")).sum() / pl.col("volume").sum()).collect()  # noqa: E731
    pfs = lambda: lf.filter(pl.col("price") > 15000).select(pl.col("volume").sum()).collect()  # noqa: E731
    pfs2 = lambda: lf.filter((pl.col("sym") == "AAPL") & (pl.col("price") > 15000)).select(  # noqa: E731
        pl.col("volume").sum()).collect()
    # The DSL without its answer cache (_run: plan, snapshot, kernels): every call computes.
    vwap = lambda: t.vwap("price", "volume")._run()  # noqa: E731
    fs = lambda: t[t["price"] > 15000]["volume"].sum()._run()  # noqa: E731
    fs2 = lambda: t[(t["sym"] == "AAPL") & (t["price"] > 15000)]["volume"].sum()._run()  # noqa: E731
    assert abs(vwap()[1] - pv().item()) <= 1e-9 * abs(pv().item())
    assert fs()[1] == pfs().item() and fs2()[1] == pfs2().item()
    assert t.count().collect() == lf.select(pl.len()).collect().item() == n
    rows = []
    db.get_column("trades", "price")
    rows.append(("get_column (DB open)", best_s(lambda: db.get_column("trades", "price")), None))
    # COUNT from metadata: the table state kept under the change count (FORMAT.md 1.8), no answer cache.
    rows.append(("COUNT", best_s(lambda: t.count()._run()), best_s(lambda: lf.select(pl.len()).collect())))
    rows.append(("VWAP", best_s(vwap), best_s(pv)))
    rows.append(("filter+sum (price > 15000)", best_s(fs), best_s(pfs)))
    rows.append(("filter+sum (sym = 'AAPL' and price > 15000)", best_s(fs2), best_s(pfs2)))
    cached = t[t["price"] > 15000]["volume"].sum()
    cached.collect()
    rows.append(("cached answer (collect again)", best_s(cached.collect), None))
    rows.append(("cached answer, expression built anew",
                 best_s(lambda: t[t["price"] > 15000]["volume"].sum().collect()), None))
    rows.append(("COUNT, t.count().collect()", best_s(lambda: t.count().collect()), None))
    db.close()
    return rows


# (name, size option, row name, kind, threshold): kind "faster" compares a peer's time with ours
# (ratio = peer / pyzdbc), "max" an absolute time in seconds.
TARGETS = [
    ("read_columns vs Feather", "rows", "pyzdbc read_columns, DB open", "feather", 20.0),
    ("get_column", "trades", "get_column (DB open)", "max", 500e-9),
    ("COUNT", "trades", "COUNT", "max", 700e-9),
    ("VWAP vs Polars lazy", "trades", "VWAP", "polars", 4.0),
    ("filter+sum vs Polars lazy", "trades", "filter+sum (price > 15000)", "polars", 1.5),
    ("cached answer", "trades", "cached answer (collect again)", "max", 1e-6),
]


def measures(table_rows, query_rows):
    """{(target, size): value} of one run: a ratio (peer / pyzdbc) or seconds."""
    out = {}
    for n, rows in table_rows.items():
        r = dict(rows)
        feather_best = min(r["feather uncompressed read into numpy"], r["feather lz4 read into numpy"])
        out[(TARGETS[0][0], n)] = feather_best / r["pyzdbc read_columns, DB open"]
        out[("read_columns vs Feather, DB opened each time (information)", n)] = (
            feather_best / r["pyzdbc read_columns, DB opened each time"])
    for n, rows in query_rows.items():
        r = {name: (s, p) for name, s, p in rows}
        for name, _, row, kind, _ in TARGETS[1:]:
            s, p = r[row]
            out[(name, n)] = s if kind == "max" else p / s
    return out


def verdict(name, value):
    for target, _, _, kind, threshold in TARGETS:
        if target == name:
            if kind == "max":
                return f"{fmt(value)}   (target <= {fmt(threshold).strip()})", value <= threshold
            return f"{value:8.1f}x    (target >= {threshold:g}x)", value >= threshold
    return f"{value:8.1f}x    (information)", None


def main():
    global REPEAT
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="*", default=[10_000], help="players table sizes")
    ap.add_argument("--trades", type=int, nargs="*", default=[100_000], help="trades table sizes")
    ap.add_argument("--runs", type=int, default=1, help="whole-benchmark runs; the summary takes medians")
    ap.add_argument("--repeat", type=int, default=REPEAT, help="timings per figure (the best is kept)")
    ap.add_argument("--dir", default="/dev/shm/pyzdbc-bench" if os.path.isdir("/dev/shm") else "pyzdbc-bench")
    a = ap.parse_args()
    REPEAT = a.repeat
    shutil.rmtree(a.dir, ignore_errors=True)
    os.makedirs(a.dir)
    print(f"pyzdbc {pyzdbc.__version__}, numpy {np.__version__}, pyarrow {pa.__version__}, polars {pl.__version__}, "
          f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs = []
    try:
        for run in range(1, a.runs + 1):
            rng = np.random.default_rng(42)
            table_rows, query_rows = {}, {}
            for n in a.rows:
                print(f"\nrun {run}: players, {n:,} rows x 5 columns")
                table_rows[n] = rows = bench_table(a.dir, n, rng)
                base = dict(rows)["pyzdbc read_columns, DB open"]
                for name, s in rows:
                    ratio = f"{s / base:10.1f}x pyzdbc read_columns (DB open)" if "read" in name else ""
                    print(f"  {name:45s} {fmt(s)}  {ratio}")
            for n in a.trades:
                print(f"\nrun {run}: trades, {n:,} rows (Polars lazy over the same column files, mapped)")
                query_rows[n] = bench_queries(a.dir, n, rng)
                for name, s, p in query_rows[n]:
                    peer = f"   polars {fmt(p)}  {p / s:7.1f}x faster" if p else ""
                    print(f"  {name:45s} {fmt(s)}{peer}")
            runs.append(measures(table_rows, query_rows))
            print(f"  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(a.dir, ignore_errors=True)
    print(f"\nTargets (median of {len(runs)} run{'s' if len(runs) > 1 else ''}; ratios are peer time / pyzdbc time)")
    for key in runs[0]:
        name, n = key
        text, ok = verdict(name, statistics.median(r[key] for r in runs))
        mark = "" if ok is None else ("PASS" if ok else "MISS")
        print(f"  {name + f' @ {n:,} rows':62s} {text}  {mark}")


if __name__ == "__main__":
    main()
