#!/usr/bin/env python3
"""Polars-lazy peer of TradesQueryBenchmark: the trades queries on the same zdbc column files.

Each column file <db>dir/trades.<column> is mapped with numpy.memmap (raw little-endian i64/f64;
str = 8 bytes space-padded, read as dtype 'S8'), the numeric columns become Polars Series without
a copy, sym becomes a Categorical (Polars' type for a symbol column; String is timed too, as
filter_sum_string). One LazyFrame is built per table, then each query is timed with timeit (min of
--repeat repeats, each long enough to be measurable):

  vwap        lf.select((price * volume).sum() / volume.sum()).collect()
  filter_sum  lf.filter((sym == 'AAPL') & (price > 15000)).select(volume.sum()).collect()
  count       lf.select(pl.len()).collect()
  get_column  df.get_column('volume'): the column of the in-memory frame (what a Polars user calls get_column)
  open_column pl.Series(np.memmap(<db>dir/trades.volume)): map the file and wrap it, as zdbc's
              db.column() does (information only)

Answers are checked against expected.json (written beside the db by TradesTable). Prints JSON:
{"polars": version, "threads": n, "results": [{"rows": n, "seconds": {query: s}, ...}, ...]}.

  polars_bench.py benchmarks/target/bench-data/trades-100000 benchmarks/target/bench-data/trades-10000000
"""
import argparse
import json
import math
import os
import sys
import timeit

import numpy as np
import polars as pl

TABLE = "trades"


def column_file(table_dir, column):
    return os.path.join(table_dir, "dbdir", f"{TABLE}.{column}")


def load(table_dir, rows):
    price = np.memmap(column_file(table_dir, "price"), dtype="<f8", mode="r")
    volume = np.memmap(column_file(table_dir, "volume"), dtype="<i8", mode="r")
    sym = np.memmap(column_file(table_dir, "sym"), dtype="S8", mode="r")
    if not (len(price) == len(volume) == len(sym) == rows):
        sys.exit(f"{table_dir}: column files do not hold {rows} rows")
    sym_str = pl.Series("sym", sym).cast(pl.String).str.strip_chars_end(" ")
    frame = {
        "categorical": pl.DataFrame([sym_str.cast(pl.Categorical), pl.Series("price", price), pl.Series("volume", volume)]),
        "string": pl.DataFrame([sym_str, pl.Series("price", price), pl.Series("volume", volume)]),
    }
    return frame


def queries(df, table_dir):
    lf = df.lazy()
    vwap = (pl.col("price") * pl.col("volume")).sum() / pl.col("volume").sum()
    flt = (pl.col("sym") == "AAPL") & (pl.col("price") > 15000)
    volume_file = column_file(table_dir, "volume")
    return {
        "vwap": lambda: lf.select(vwap).collect().item(),
        "filter_sum": lambda: lf.filter(flt).select(pl.col("volume").sum()).collect().item(),
        "count": lambda: lf.select(pl.len()).collect().item(),
        "get_column": lambda: df.get_column("volume"),
        "open_column": lambda: pl.Series("volume", np.memmap(volume_file, dtype="<i8", mode="r")),
    }


def best_seconds(fn, repeat):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # enough calls for >= 0.2 s
    number = max(1, number // 2)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tables", nargs="+", help="trades-<rows> directories (holding db, dbdir/, expected.json)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--out", help="also write the JSON here")
    args = ap.parse_args()

    results = []
    for table_dir in args.tables:
        with open(os.path.join(table_dir, "expected.json")) as f:
            expected = json.load(f)
        rows = expected["rows"]
        frames = load(table_dir, rows)
        q = queries(frames["categorical"], table_dir)
        answers = {"vwap": q["vwap"](), "filter_sum": q["filter_sum"](), "count": q["count"]()}
        if not math.isclose(answers["vwap"], expected["vwap"], rel_tol=1e-9) \
                or answers["filter_sum"] != expected["filter_sum"] or answers["count"] != expected["count"]:
            sys.exit(f"{table_dir}: Polars answers {answers}, expected {expected}")
        if len(q["get_column"]()) != rows or len(q["open_column"]()) != rows:
            sys.exit(f"{table_dir}: column length differs from {rows}")
        seconds = {name: best_seconds(fn, args.repeat) for name, fn in q.items()}
        qs = queries(frames["string"], table_dir)
        if qs["filter_sum"]() != expected["filter_sum"]:
            sys.exit(f"{table_dir}: Polars (String sym) filter_sum differs")
        seconds["filter_sum_string"] = best_seconds(qs["filter_sum"], args.repeat)
        results.append({"rows": rows, "sym": "categorical", "seconds": seconds, "answers": answers})
        print(f"polars rows={rows}: " + ", ".join(f"{k} {v * 1e6:.2f} us" for k, v in seconds.items()), file=sys.stderr)

    out = {"polars": pl.__version__, "numpy": np.__version__, "threads": pl.thread_pool_size(), "results": results}
    text = json.dumps(out, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
