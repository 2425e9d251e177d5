"""Java and Python on one database at the same time: one writer lock, consistent snapshots both ways,
and what each side writes verifies and reads on the other."""

import subprocess
import time

import numpy as np
import pytest

import pyzdbc


def test_a_java_writer_holding_the_lock_keeps_python_writers_out(db, db_path, java):
    java.side("create-i64", db_path, "t", "x")
    p = subprocess.Popen(java.side_command("hold-lock", db_path, "t", 3000), stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "locked"
        with pytest.raises(pyzdbc.DatabaseLockedError, match=r"\.zdbc/lock"):
            db._st.lock.timeout = 0.3
            db.append("t", {"x": [5]})
        assert p.wait(timeout=60) == 0
    finally:
        p.kill()
        p.wait()
    db._st.lock.timeout = 10
    db.append("t", {"x": [2]})
    np.testing.assert_array_equal(db.read_column("t", "x"), [1, 2])


def test_every_python_read_is_a_consistent_prefix_while_java_appends(db, db_path, java):
    java.side("create-i64", db_path, "t", "id", "twice")
    batches, per = 150, 40
    p = subprocess.Popen(java.side_command("append", db_path, "t", batches, per), stdout=subprocess.PIPE, text=True)
    reads, last, counts, held = 0, 0, set(), []
    reader = pyzdbc.DB(db_path, read_only=True)
    while True:
        done = p.poll() is not None
        cols = reader.read_columns("t", col_names=["id", "twice"])
        n = len(cols["id"])
        assert n >= last and n % per == 0, (n, last)
        np.testing.assert_array_equal(cols["id"], np.arange(n))
        np.testing.assert_array_equal(cols["twice"], 2 * np.arange(n))
        assert reader.table("t").count().collect() >= n
        last, reads = n, reads + 1
        if n not in counts:
            held.append((cols["id"], cols["id"].copy()))
        counts.add(n)
        if done:
            break
    assert p.returncode == 0, p.stderr
    # Java never rewrote committed bytes: every array mapped along the way still holds what it read.
    for mapped, copy in held:
        np.testing.assert_array_equal(mapped, copy)
    assert last == batches * per
    assert len(counts) > 2, f"only saw row counts {sorted(counts)}"


def test_java_reads_a_consistent_prefix_while_python_appends(db, db_path, java_v2):
    db.write_table("t", {"id": np.empty(0, np.int64), "twice": np.empty(0, np.int64)})
    total, per = 6000, 30
    p = subprocess.Popen(java_v2.side_command("read-loop", db_path, "t", total), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    start = 0
    deadline = time.monotonic() + 120
    while start < total and time.monotonic() < deadline:
        ids = np.arange(start, start + per, dtype=np.int64)
        db.append("t", {"id": ids, "twice": 2 * ids})
        start += per
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert out.startswith("consistent reads ")


def test_python_written_databases_verify_and_java_reads_them_after_every_kind_of_write(db, db_path, java_v2):
    db.create_table("a", {"x": "i64", "s": "str"})
    db.write_table("a", {"x": [1, 2], "s": ["p", "q"]})
    db.append("a", {"x": [3], "s": ["r"]})
    db.write_table("n/e/s/t", {"f": [0.5]})
    db.write_table("gone", {"y": [1]})
    db.drop_table("gone")
    db.write_table("a", {"x": [9], "z": [1.5]})  # replace with other columns: the old legacy file goes
    java_v2.verify(db_path)
    lines = java_v2.side("dump", db_path).splitlines()
    assert "a|x|i64|1|9" in lines and "n/e/s/t|f|f64|1|3fe0000000000000" in lines
    assert not (db_path.parent / "dbdir" / "a.s").exists()


def test_tables_of_the_original_library_open_and_an_append_adopts_them(scratch, java_v2):
    import shutil

    from conftest import VECTORS

    shutil.copytree(VECTORS / "types", scratch / "types")
    shutil.rmtree(scratch / "types" / "dbdir" / ".zdbc")  # as the original library leaves a database
    db_path = scratch / "types" / "db"
    with pyzdbc.DB(db_path, read_only=True) as ro:
        assert ro.table_info("big")["rows"] == 1000
        np.testing.assert_array_equal(ro.read_column("appended", "n"), np.arange(20))
    with pyzdbc.DB(db_path) as db:
        db.append("appended", {"n": [20]})
        c = db._st.read_commit("appended")
        assert c.version == 1 + 1 and c.rows == 21
        np.testing.assert_array_equal(db.read_column("appended", "n"), np.arange(21))
        db.write_table("big", {"only": [1]})
    java_v2.verify(db_path)


def test_get_column_is_never_stale_after_a_java_commit(db, db_path, java):
    java.side("create-i64", db_path, "t", "id", "twice")
    java.side("append", db_path, "t", 1, 5)
    a = db.get_column("t", "id")
    assert db.get_column("t", "id") is a  # served from the cache: no commit since
    java.side("append", db_path, "t", 1, 5)
    b = db.get_column("t", "id")
    np.testing.assert_array_equal(b, np.arange(10))
    np.testing.assert_array_equal(a, np.arange(5))
    assert db.table("t").count().collect() == 10
