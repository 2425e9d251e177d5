"""Python side of the import/export comparison (io.zdbc.benchmarks.TransferComparison).

    python transfer_peers.py generate ROWS DIR   # writes DIR/data.csv, data.parquet (snappy), data.feather (uncompressed)
    python transfer_peers.py time DIR RUNS       # times Polars and pyarrow on those files; JSON on stdout

The table is (id i64, sym str, price f64, volume i64): id 0..n-1, sym one of 1000 symbols of
4-6 ASCII characters, price 14000.00-16000.00 (two decimals), volume 1-10000, fixed seed. Each
reader's and writer's result is summed per column (sym: total length in bytes), so the Java
side can check that every engine read and wrote the same rows. Times are medians of RUNS runs, wall-clock and CPU.
"""

import json
import os
import statistics
import sys
import time

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

SYMBOLS = [f"S{i:03d}" if i % 3 else f"SY{i:04d}" for i in range(1000)]


def generate(rows, out):
    rng = np.random.default_rng(42)
    sym_index = rng.integers(0, len(SYMBOLS), rows)
    table = pa.table(
        {
            "id": pa.array(np.arange(rows, dtype=np.int64)),
            "sym": pa.array(np.array(SYMBOLS, dtype=object)[sym_index], type=pa.string()),
            "price": pa.array(np.round(rng.uniform(14000.0, 16000.0, rows), 2)),
            "volume": pa.array(rng.integers(1, 10001, rows, dtype=np.int64)),
        }
    )
    os.makedirs(out, exist_ok=True)
    # Polars writes numbers in their shortest round-trip form and quotes nothing it need not.
    pl.from_arrow(table).write_csv(os.path.join(out, "data.csv"))
    pq.write_table(table, os.path.join(out, "data.parquet"), compression="snappy")
    feather.write_feather(table, os.path.join(out, "data.feather"), compression="uncompressed")


def sums(df):
    return {
        "rows": df.height,
        "id": int(df["id"].sum()),
        "sym": int(df["sym"].str.len_bytes().sum()),
        "price": float(df["price"].sum()),
        "volume": int(df["volume"].sum()),
    }


def timed(runs, fn):
    """Median wall-clock and CPU seconds (all threads of this process) of RUNS calls, and the last result."""
    times = []
    cpu = []
    result = None
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"seconds": statistics.median(times), "cpu": statistics.median(cpu)}, result


def time_all(work, runs):
    csv = os.path.join(work, "data.csv")
    parquet = os.path.join(work, "data.parquet")
    out = {"polars": pl.__version__, "pyarrow": pa.__version__, "threads": pl.thread_pool_size()}
    t, df = timed(runs, lambda: pl.read_csv(csv))
    out["read_csv"] = {**t, **sums(df)}
    t, tab = timed(runs, lambda: pq.read_table(parquet))
    out["read_parquet"] = {**t, **sums(pl.from_arrow(tab))}
    del tab
    csv_out = os.path.join(work, "polars-out.csv")
    parquet_out = os.path.join(work, "polars-out.parquet")
    t, _ = timed(runs, lambda: df.write_csv(csv_out))
    out["write_csv"] = {**t, **sums(pl.read_csv(csv_out))}
    t, _ = timed(runs, lambda: df.write_parquet(parquet_out, compression="snappy"))
    out["write_parquet"] = {**t, **sums(pl.read_parquet(parquet_out))}
    for f in (csv_out, parquet_out):
        os.remove(f)
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "time":
        print(json.dumps(time_all(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
