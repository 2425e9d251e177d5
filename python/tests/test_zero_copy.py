"""Zero-copy reads: read-only arrays over the committed bytes of the files, valid for as long as
they are referenced, whatever happens to the table afterwards."""

import gc

import numpy as np
import pandas as pd

import pyzdbc


def rss_anon_kb():
    """Anonymous resident memory (the heap), not the file pages a mapping brings in."""
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    raise AssertionError("no RssAnon in /proc/self/status")


def test_numeric_and_raw_str_columns_are_read_only_views_of_the_file(db):
    db.write_table("t", {"i": np.arange(5), "f": np.arange(5) / 2, "s": list("abcde")})
    for name in ("i", "f", "s"):
        a = db.read_column("t", name)
        assert not a.flags.owndata and not a.flags.writeable
        assert a.base is not None
    owned = db.read_column("t", "i").copy()
    assert owned.flags.owndata and owned.flags.writeable


def test_a_ten_million_row_column_does_not_grow_the_heap(db):
    n = 10_000_000
    db.write_table("big", {"x": np.arange(n, dtype=np.int64)})
    gc.collect()
    before = rss_anon_kb()
    a = db.read_column("big", "x")
    total = int(a.sum())  # touches every page of the mapping
    grown_kb = rss_anon_kb() - before
    assert total == n * (n - 1) // 2
    assert grown_kb < 8 * n // 1024 // 10, f"heap grew by {grown_kb} KiB reading an {8 * n // 1024} KiB column"


def test_an_array_keeps_its_values_after_rewrite_append_and_drop(db):
    db.write_table("t", {"x": np.arange(3)})
    a = db.read_column("t", "x")
    db.write_table("t", {"x": np.arange(100, 105)})
    db.append("t", {"x": [7]})
    b = db.read_column("t", "x")
    db.append("t", {"x": [8]})
    db.drop_table("t")
    gc.collect()
    np.testing.assert_array_equal(a, [0, 1, 2])
    np.testing.assert_array_equal(b, [100, 101, 102, 103, 104, 7])  # exactly the rows committed when read


def test_close_never_unmaps_a_live_array(db_path):
    db = pyzdbc.DB(db_path)
    db.write_table("t", {"x": np.arange(1000)})
    a = db.read_column("t", "x")
    db.close()
    gc.collect()
    assert int(a.sum()) == 499500


def test_zero_row_columns_are_empty_arrays_of_the_column_type(db):
    db.create_table("t", {"i": "i64", "f": "f64", "s": "str"})
    got = db.read_columns("t", col_names=["i", "f", "s"])
    assert [(a.dtype, len(a)) for a in got.values()] == [(np.dtype("<i8"), 0), (np.dtype("<f8"), 0),
                                                          (np.dtype("S8"), 0)]


def test_load_table_shares_memory_with_the_files_for_numeric_columns(db):
    db.write_table("t", {"i": np.arange(10), "j": np.arange(10), "f": np.ones(10), "s": ["x"] * 10})
    df = db.load_table("t")
    assert isinstance(df, pd.DataFrame)
    for c in ("i", "j", "f"):
        assert np.shares_memory(df[c].to_numpy(), db.read_column("t", c))


def test_get_column_is_cached_until_another_db_object_commits(db, db_path):
    db.write_table("t", {"x": np.arange(3)})
    a = db.get_column("t", "x")
    assert db.get_column("t", "x") is a
    other = pyzdbc.DB(db_path, durable=False)
    other.append("t", {"x": [3]})
    b = db.get_column("t", "x")
    assert b is not a
    np.testing.assert_array_equal(b, np.arange(4))
    np.testing.assert_array_equal(a, np.arange(3))


def test_the_change_counter_is_even_between_writes_and_changes_with_each(db):
    c0 = db.change_count()
    db.write_table("t", {"x": [1]})
    c1 = db.change_count()
    assert c0 % 2 == 0 and c1 % 2 == 0 and c1 > c0
    assert db.change_count() == c1
    seen = []
    db._st.write(lambda: seen.append(db.change_count()))
    assert seen[0] < 0 and seen[0] != db.change_count()  # odd in the file: never a cacheable number
