"""The caches of an open DB: mapped columns, table states, the default read_columns answer, query plans
and their answers. Each is kept under the even change count it was read at (FORMAT.md section 1.8)
and is never served after a commit by anyone: a Python append (this DB object or another), a
replace, a drop, a Java append, a write that died and its recovery."""

import os
import random

import numpy as np
import pytest

import pyzdbc
from pyzdbc import _kernels, _storage

OLD = {"x": np.array([1, 2, 3], dtype=np.int64), "s": ["a", "b ", "c"]}


def reads(db, queries):
    """Every cached read path of db on table t, as plain values (None if there is no table t)."""
    if "t" not in db.list_tables():
        return None
    frame = db.table("t")
    return {
        "read_columns": {c: a.tolist() for c, a in db.read_columns("t").items()},
        "get_column": db.get_column("t", "x").tolist(),
        "read_column": db.read_column("t", "x").tolist(),
        "info": db.table_info("t"),
        "kept queries": [q.collect() for q in queries],
        "new queries": [frame.count().collect(), frame["x"].sum().collect(),
                        frame[frame["x"] > 1]["x"].sum().collect()],
    }


def fresh(path):
    with pyzdbc.DB(path, read_only=True) as ro:
        frame = ro.table("t") if "t" in ro.list_tables() else None
        return reads(ro, [frame.count(), frame["x"].sum(), frame[frame["x"] > 1]["x"].sum()] if frame else [])


class Reader:
    """A long-lived DB object with warm caches and queries kept across the writes under test."""

    def __init__(self, db):
        self.db = db
        frame = db.table("t")
        self.queries = [frame.count(), frame["x"].sum(), frame[frame["x"] > 1]["x"].sum()]
        self.check_cached()

    def check_cached(self):
        """Reading twice with no commit between serves the same objects: the caches are in use."""
        got = reads(self.db, self.queries)
        assert self.db.get_column("t", "x") is self.db.get_column("t", "x")
        assert self.db.read_columns("t")["s"] is self.db.read_columns("t")["s"]
        return got

    def same_as_fresh(self, path):
        got = reads(self.db, self.queries) if "t" in self.db.list_tables() else None
        assert got == fresh(path)
        return got


@pytest.fixture
def writer(db_path):
    w = pyzdbc.DB(db_path, durable=False)
    w.write_table("t", OLD)
    yield w
    w.close()


def test_a_python_append_by_another_db_object_or_the_same_one_is_seen_by_every_cached_read(writer, db_path):
    reader = Reader(pyzdbc.DB(db_path, read_only=True))
    own = Reader(writer)
    writer.append("t", {"x": [10], "s": ["d"]})
    for r in (reader, own):
        got = r.same_as_fresh(db_path)
        assert got["get_column"] == [1, 2, 3, 10] and got["kept queries"] == [4, 16, 15]
        assert r.check_cached() == got


def test_a_replace_with_as_many_rows_is_seen_by_every_cached_read(writer, db_path):
    reader = Reader(pyzdbc.DB(db_path, read_only=True))
    other = pyzdbc.DB(db_path, durable=False)
    other.write_table("t", {"x": np.array([7, 8, 9], dtype=np.int64), "s": ["x", "y", "z"]})
    got = reader.same_as_fresh(db_path)
    assert got["read_column"] == [7, 8, 9] and got["read_columns"]["s"] == [b"x", b"y", b"z"]
    assert got["kept queries"] == [3, 24, 24]
    reader.check_cached()


def test_a_drop_and_a_re_create_of_the_same_shape_are_seen_by_every_cached_read(writer, db_path):
    reader = Reader(pyzdbc.DB(db_path, read_only=True))
    writer.drop_table("t")
    with pytest.raises(pyzdbc.TableNotFoundError):
        reader.db.get_column("t", "x")
    with pytest.raises(pyzdbc.TableNotFoundError):
        reader.db.read_columns("t")
    for q in reader.queries:
        with pytest.raises(pyzdbc.TableNotFoundError):
            q.collect()
    writer.write_table("t", {"x": np.array([4, 5, 6], dtype=np.int64), "s": OLD["s"]})
    assert reader.same_as_fresh(db_path)["kept queries"] == [3, 15, 15]
    reader.check_cached()


def test_a_java_append_is_seen_by_every_cached_read(db_path, java):
    java.side("create-i64", db_path, "t", "id", "twice")
    reader = pyzdbc.DB(db_path, read_only=True)
    frame = reader.table("t")
    kept = [frame.count(), frame["id"].sum(), reader.table("t")[frame["id"] > 1]["id"].sum()]
    assert [q.collect() for q in kept] == [0, 0, 0] and len(reader.read_columns("t")["id"]) == 0
    assert reader.get_column("t", "id") is reader.get_column("t", "id")
    java.side("append", db_path, "t", 2, 5)
    assert reader.get_column("t", "id").tolist() == list(range(10))
    assert reader.read_columns("t")["twice"].tolist() == [2 * i for i in range(10)]
    assert [q.collect() for q in kept] == [10, 45, 44]
    assert reader.table_info("t")["rows"] == 10


def die_after_commit(writer, monkeypatch):
    """The writer dies after its commit point and before it ends its write: the count stays odd."""
    monkeypatch.setattr(writer._st.changes, "end_write", lambda: None)
    monkeypatch.setattr(writer._st, "end_intent", _crash)


def die_before_commit(writer, monkeypatch):
    monkeypatch.setattr(writer._st.changes, "end_write", lambda: None)
    monkeypatch.setattr(writer._st, "write_commit", _crash)


def _crash(*args):
    raise OSError("injected: the writer died here")


@pytest.mark.parametrize("death, rows", [(die_after_commit, [1, 2, 3, 10]), (die_before_commit, [1, 2, 3])])
def test_a_write_that_died_and_its_recovery_are_seen_by_every_cached_read(writer, db_path, monkeypatch, death, rows):
    reader = Reader(pyzdbc.DB(db_path, read_only=True))
    count = reader.db.change_count()
    with monkeypatch.context() as m:
        death(writer, m)
        with pytest.raises(OSError, match="injected"):
            writer.append("t", {"x": [10], "s": ["d"]})
    assert writer.change_count() < 0  # odd in the file: nothing may be kept while it stays so
    assert reader.same_as_fresh(db_path)["get_column"] == rows
    assert reader.db.read_column("t", "x") is not reader.db.read_column("t", "x")
    pyzdbc.DB(db_path, durable=False).close()  # the next writer recovers the write
    assert reader.db.change_count() not in (count, writer.change_count() - 1)
    assert reader.same_as_fresh(db_path)["get_column"] == rows
    reader.check_cached()


def test_cached_reads_touch_no_file_until_a_commit(writer, db_path, monkeypatch):
    reader = Reader(pyzdbc.DB(db_path, read_only=True))
    warm = reads(reader.db, reader.queries)

    def no_file(*args):
        raise AssertionError("a cached read looked at the files")

    monkeypatch.setattr(_storage.Storage, "state", no_file)
    monkeypatch.setattr(_storage.Storage, "tables", no_file)
    assert reader.db.get_column("t", "x") is not None and reader.db.table_info("t") == warm["info"]
    assert [q.collect() for q in reader.queries] == warm["kept queries"]
    assert reader.db.table("t").count().collect() == 3
    monkeypatch.undo()
    writer.append("t", {"x": [10], "s": ["d"]})
    monkeypatch.setattr(_storage.Storage, "state", no_file)
    with pytest.raises(AssertionError, match="cached read"):
        reader.db.get_column("t", "x")


def test_a_closed_db_serves_nothing_from_its_caches(writer):
    q = writer.table("t")["x"].sum()
    assert q.collect() == 6 and len(writer.get_column("t", "x")) == 3
    writer.close()
    for read in (lambda: writer.get_column("t", "x"), lambda: writer.read_columns("t"), q.collect,
                 lambda: writer.table("t").count().collect()):
        with pytest.raises(pyzdbc.ClosedError):
            read()


def test_a_read_only_db_caches_once_a_writer_has_made_the_change_counter(db_path):
    with pyzdbc.DB(db_path) as w:
        w.write_table("t", OLD)
    os.unlink(str(db_path) + "dir/.zdbc/changes")  # as a database only the original library wrote
    reader = pyzdbc.DB(db_path, read_only=True)
    assert reader.get_column("t", "x") is not reader.get_column("t", "x")  # no counter: nothing kept
    with pyzdbc.DB(db_path, durable=False) as w:
        w.append("t", {"x": [10], "s": ["d"]})
    assert reader.get_column("t", "x").tolist() == [1, 2, 3, 10]
    assert reader.get_column("t", "x") is reader.get_column("t", "x")


def test_equal_queries_share_one_plan_and_answer_until_a_commit(writer, monkeypatch):
    calls = []
    real = _kernels.masked_sum
    monkeypatch.setattr(_kernels, "masked_sum", lambda *a: calls.append(1) or real(*a))

    def query():
        t = writer.table("t")
        return t[(t["x"] > 1) & ~(t["s"] == "zz")]["x"].sum()

    assert query().collect() == 5 and query().collect() == 5
    assert len(calls) == 1
    writer.append("t", {"x": [10], "s": ["d"]})
    assert query().collect() == 15 and len(calls) == 2


def test_constants_of_other_types_or_unhashable_ones_get_plans_of_their_own(writer):
    t = writer.table("t")
    answers = [t[t["x"] >= k].count().collect() for k in (2, 2.0, np.int64(2), True, 1.5)]
    assert answers == [2, 2, 2, 3, 2]
    assert len(writer._plans) == 5
    assert t[t["s"] == "b"].count().collect() == 1 and t[t["s"] == b"b"].count().collect() == 1
    assert len(writer._plans) == 7
    assert t[t["x"] == np.array(2)].count().collect() == 1  # a 0-d array cannot be a dict key
    assert len(writer._plans) == 7


def test_the_plan_cache_is_bounded(writer):
    t = writer.table("t")
    for k in range(300):
        assert t[t["x"] > k].count().collect() == max(0, 3 - k)
    assert len(writer._plans) <= 256


def test_a_shared_answer_cannot_be_changed_through_what_collect_returned(writer):
    r = writer.table("t").group_by("s").agg(n=("count",), total=("sum", "x"))
    first = r.collect()
    first["n"] = "mine"
    with pytest.raises(ValueError):
        first["total"][0] = 100
    again = writer.table("t").group_by("s").agg(n=("count",), total=("sum", "x")).collect()
    assert again["n"].tolist() == [1, 1, 1] and again["total"].tolist() == [1, 2, 3]


def test_large_filtered_scans_run_in_blocks_with_the_whole_table_answers(db, monkeypatch):
    """Tables over 4 × lazy.BLOCK_ROWS rows are scanned a block at a time; a tiny block size makes
    every random query here take that path, against the whole-table answer."""
    from pyzdbc import lazy

    seed = int(os.environ.get("PYZDBC_BLOCK_SEED", str(random.randrange(2**31))))
    print(f"block scans: PYZDBC_BLOCK_SEED={seed}")
    rng = np.random.default_rng(seed)
    n = 500
    i = rng.integers(-50, 50, n)
    i[rng.random(n) < 0.05] = 2**63 - 1  # sums wrap
    f = rng.integers(-20, 20, n) / 4
    f[rng.random(n) < 0.05] = np.nan
    db.write_table("t", {"i": i, "f": f, "v": rng.integers(0, 3, n), "s": rng.choice(["a", "b", "é"], n)})
    t = db.table("t")
    aggs = dict(n=("count",), ni=("count", "i"), si=("sum", "i"), sf=("sum", "f"), mi=("mean", "i"),
                mf=("mean", "f"), lo=("min", "i"), hi=("max", "f"), w=("vwap", "f", "v"), ws=("max", "s"))
    def run(frame, spec):
        return frame._result(((spec + (None, None))[:3],))._run()[1]

    for q in range(40):
        k = int(rng.integers(-60, 60))
        pred = [t["i"] > k, (t["f"] <= k / 8) | (t["s"] == "é"), ~t["v"].isin([0]), t["i"] > 10**6][q % 4]
        whole = {name: run(t[pred], spec) for name, spec in aggs.items()}
        with monkeypatch.context() as m:
            m.setattr(lazy, "BLOCK_ROWS", int(rng.integers(1, 64)))
            calls = []
            real = lazy.LazyResult._blocks
            m.setattr(lazy.LazyResult, "_blocks", lambda self, *a: calls.append(1) or real(self, *a))
            blocks = {name: run(t[pred], spec) for name, spec in aggs.items()}
        assert len(calls) == len(aggs) - 1, "every query but max of str takes the block path"
        for name in aggs:
            a, b = whole[name], blocks[name]
            where = f"seed {seed} query {q} {name}: {a!r} vs {b!r}"
            assert type(a) is type(b), where
            if isinstance(a, float) and not a.is_integer():
                assert a == pytest.approx(b, rel=1e-12, nan_ok=True), where  # f64 sums add in another order
            else:
                assert a == b or (a != a and b != b), where
