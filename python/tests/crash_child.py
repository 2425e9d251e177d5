"""A writer for test_crash.py: random creates, replaces, appends and drops of self-describing
tables (id = row number, check = 3·id, s = "r<id mod 1000>") until it is killed. Before each write
it prints "begin <table> <rows after, or -1 for gone>", after it "end"."""

import sys

import numpy as np

import pyzdbc

TABLES = ["a", "b", "nested/c"]


def rows(start, n):
    ids = np.arange(start, start + n, dtype=np.int64)
    return {"id": ids, "check": 3 * ids, "s": [f"r{i % 1000}" for i in ids.tolist()]}


def main(path, seed):
    rng = np.random.default_rng(seed)
    db = pyzdbc.DB(path, durable=False)
    sizes = {t: (db.table_info(t)["rows"] if t in db.list_tables() else -1) for t in TABLES}
    while True:
        t = TABLES[rng.integers(len(TABLES))]
        op = rng.integers(4)
        n = int(rng.integers(0, 3000))
        if sizes[t] < 0 or op == 0:
            print(f"begin {t} {n}", flush=True)
            db.write_table(t, rows(0, n))
            sizes[t] = n
        elif op == 3:
            print(f"begin {t} -1", flush=True)
            db.drop_table(t)
            sizes[t] = -1
        else:
            print(f"begin {t} {sizes[t] + n}", flush=True)
            db.append(t, rows(sizes[t], n))
            sizes[t] += n
        print("end", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
