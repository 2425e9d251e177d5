"""Writers in threads of one process queue on the process-wide lock (POSIX record locks cannot
separate them), and readers in other threads always see whole commits."""

import threading

import numpy as np

import pyzdbc


def test_threads_with_their_own_db_objects_append_without_losing_a_row(db, db_path):
    db.write_table("t", {"w": np.empty(0, np.int64), "k": np.empty(0, np.int64)})
    errors = []

    def writer(w):
        try:
            mine = pyzdbc.DB(db_path, durable=False)
            for k in range(20):
                mine.append("t", {"w": [w] * 3, "k": [k] * 3})
        except Exception as e:  # reported below: an exception in a thread would otherwise be lost
            errors.append(e)

    def reader():
        mine = pyzdbc.DB(db_path, read_only=True)
        for _ in range(200):
            n = len(mine.read_column("t", "w"))
            if n % 3:
                errors.append(AssertionError(f"a reader saw {n} rows, not whole appends of 3"))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)] + [threading.Thread(target=reader)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    cols = db.read_columns("t")
    assert len(cols["w"]) == 3 * 20 * 3
    for w in range(3):
        np.testing.assert_array_equal(cols["k"][cols["w"] == w], np.repeat(np.arange(20), 3))
