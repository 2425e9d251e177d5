"""Fault injection (as the Java side's FaultInjectionTest): every file operation of every kind of write
fails in turn, before it takes effect. The writer then stops as if it had crashed, leaving its intent.
A read-only reader sees exactly the old or the new table; reopening recovers it to exactly one of them
with no intent and no temporary left; and if it is the old one, the same write then succeeds."""

import os

import numpy as np
import pytest

import pyzdbc
from pyzdbc import _fs

OLD = {"x": np.arange(5, dtype=np.int64), "s": ["a", "b", "c", "d", "e"]}
NEW = {"x": np.arange(100, 103, dtype=np.int64), "y": np.array([0.5, 1.5, 2.5])}
MORE = {"x": np.arange(5, 8, dtype=np.int64), "s": ["f", "g", "h"]}


class Crash(OSError):
    """The injected failure: an I/O error, which a writer leaves to the next writer's recovery."""


class Faults:
    """Makes the k-th call of any patched file operation raise Crash."""

    def __init__(self, monkeypatch, k):
        self.k, self.calls = k, 0
        for mod, name in [(_fs, "write_atomically"), (_fs, "write_fully"), (_fs, "unlink_if_exists"),
                          (_fs, "fsync_dir"), (os, "link"), (os, "replace"), (os, "truncate"), (os, "rmdir"),
                          (os, "makedirs")]:
            monkeypatch.setattr(mod, name, self._wrap(getattr(mod, name)))

    def _wrap(self, f):
        def op(*a, **kw):
            self.calls += 1
            if self.calls == self.k:
                raise Crash(f"injected failure #{self.k} in {f.__name__}")
            return f(*a, **kw)
        return op


def snapshot(path, table):
    with pyzdbc.DB(path, read_only=True) as ro:
        if table not in ro.list_tables():
            return None
        cols = ro.read_columns(table, col_names=[c["name"] for c in ro.table_info(table)["columns"]])
        return {c: a.tobytes() for c, a in cols.items()}


def as_bytes(data):
    out = {}
    for c, v in data.items():
        a = np.asarray(v)
        out[c] = (np.char.ljust(a.astype("S8"), 8) if a.dtype.kind == "U" else a).tobytes()
    return out


def concat(a, b):
    return {c: np.concatenate([np.asarray(a[c]), np.asarray(b[c])]) for c in a}


def legacy_only(path, table):
    """Turns a table into one only the original library wrote: no commit record."""
    import shutil

    shutil.rmtree(str(path) + "dir/.zdbc/t/" + table.replace("%", "%25").replace("/", "%2F"))


SCENARIOS = {
    "create": (None, lambda db: db.write_table("t", NEW), NEW),
    "create-nested": (None, lambda db: db.write_table("d/e/t", NEW), NEW),
    "replace": (OLD, lambda db: db.write_table("t", NEW), NEW),
    "append": (OLD, lambda db: db.append("t", MORE), concat(OLD, MORE)),
    "append-legacy": ("legacy", lambda db: db.append("t", MORE), concat(OLD, MORE)),
    "replace-legacy": ("legacy", lambda db: db.write_table("t", NEW), NEW),
    "drop": (OLD, lambda db: db.drop_table("t"), None),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_step_of_a_write_fails_in_turn_and_recovery_gives_old_or_new(scratch, monkeypatch, scenario):
    before, write, after = SCENARIOS[scenario]
    table = "d/e/t" if scenario == "create-nested" else "t"
    old = None if before is None else as_bytes(OLD)
    new = None if after is None else as_bytes(after)
    k, outcomes = 1, set()
    while True:
        path = scratch / f"k{k}" / "db"
        path.parent.mkdir()
        with pyzdbc.DB(path, durable=False) as db:
            if before is not None:
                db.write_table("t", OLD)
        if before == "legacy":
            legacy_only(path, "t")
        db = pyzdbc.DB(path, durable=True)
        with monkeypatch.context() as m:
            Faults(m, k)
            try:
                write(db)
                finished = True
            except Crash:
                finished = False
            db.close()
        seen = snapshot(path, table)
        assert seen in (old, new), f"{scenario}, failure #{k}: a read-only reader sees a mixed table"
        with pyzdbc.DB(path, durable=False) as db:  # recovers
            assert not os.path.exists(db._st.layout.intent_file)
        recovered = snapshot(path, table)
        assert recovered in (old, new), f"{scenario}, failure #{k}: recovery left a mixed table"
        stray = [os.path.join(d, f) for d, _, fs in os.walk(path.parent) for f in fs if f.endswith(".zdbc-tmp")]
        assert stray == [], f"{scenario}, failure #{k}"
        outcomes.add("new" if recovered == new else "old")
        if recovered != new:
            with pyzdbc.DB(path, durable=False) as db:
                write(db)
            assert snapshot(path, table) == new
        if finished:
            break
        k += 1
    assert k > 3 and outcomes == {"old", "new"} or scenario.startswith("create") and "new" in outcomes
