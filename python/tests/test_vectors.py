"""Shared test vectors: what Java wrote, Python reads; what Python writes is the same bytes, and Java reads it."""

import os
import re
import struct

import numpy as np

import pyzdbc
from pyzdbc import _codec as codec

import vectors as v
from conftest import VECTORS

TYPES = VECTORS / "types" / "db"


def files(root):
    """Relative path -> bytes, generation files as GEN.<column>, without the lock and the change counter."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, root)
            if rel.endswith((".zdbc/lock", ".zdbc/changes", "README.md")):
                continue
            out[re.sub(r"/[0-9a-f]{1,16}\.([^/]+)$", r"/GEN.\1", rel)] = open(p, "rb").read()
    return out


def test_python_reads_every_value_java_wrote():
    with pyzdbc.DB(TYPES, read_only=True) as db:
        assert db.list_tables() == ["edges", "data/players", "empty", "appended", "big"]
        e = db.read_columns("edges", col_names=["i", "f", "s"])
        np.testing.assert_array_equal(e["i"], v.EDGES["i"])
        assert e["f"].tobytes() == v.EDGES["f"].tobytes()  # NaN, -0.0 and the extremes bit for bit
        assert list(e["s"]) == v.EDGES_STORED  # read_column(s) with names: the stored, space-padded bytes
        assert e["s"].tobytes() == b"".join(v.EDGES_STORED)
        p = db.read_columns("data/players")
        assert list(p["name"]) == [b"Alice", b"Bob", "Zoë".encode()]
        np.testing.assert_array_equal(p["score"], v.PLAYERS["score"])
        assert db.table_info("empty") == {"name": "empty", "rows": 0, "columns": [
            {"name": "a", "type": "i64"}, {"name": "b", "type": "f64"}, {"name": "c", "type": "str"}]}
        assert all(len(a) == 0 for a in db.read_columns("empty").values())
        np.testing.assert_array_equal(db.read_column("appended", "n"), np.arange(20))
        b = db.read_columns("big")
        want = v.big()
        np.testing.assert_array_equal(b["i"], want["i"])
        np.testing.assert_array_equal(b["f"], want["f"])
        assert [x.decode() for x in b["s"]] == want["s"]


def test_python_writes_the_same_bytes_as_java(scratch):
    with pyzdbc.DB(scratch / "db") as db:
        v.write(db)
    java_files = files(VECTORS / "types")
    py_files = files(scratch)
    assert sorted(py_files) == sorted(java_files)
    for rel, want in java_files.items():
        got = py_files[rel]
        if rel.endswith("/commit"):
            j = codec.decode_commit(rel, want)
            p = codec.decode_commit(rel, got)
            assert (p.flags, p.version, p.rows, p.columns) == (j.flags, j.version, j.rows, j.columns), rel
            if j.sums is not None:
                assert p.sums == j.sums, rel
        else:
            assert got == want, rel


def test_commit_record_v2_sums_are_zlib_crc32_of_the_committed_bytes(scratch):
    import zlib

    with pyzdbc.DB(scratch / "db") as db:
        v.write(db)
        for t in db.list_tables():
            c = db._st.read_commit(t)
            assert bytes(open(db._st.layout.commit_file(t), "rb").read(8)) == b"ZDBCCMT2"
            for (name, _), s in zip(c.columns, c.sums):
                data = open(db._st.layout.data_file(t, c.generation, name), "rb").read()
                assert s == (zlib.crc32(data) if c.rows else 0), (t, name)


def test_java_reads_every_value_python_wrote(scratch, java_v2):
    java = java_v2
    with pyzdbc.DB(scratch / "db") as db:
        v.write(db)
    java.verify(scratch / "db")
    dump = {}
    for line in java.side("dump", scratch / "db").splitlines():
        table, col, typ, rows, values = line.split("|")
        dump[(table, col)] = (typ, int(rows), values.split(",") if values else [])
    assert dump[("edges", "i")][2] == [str(x) for x in v.EDGES["i"]]
    assert dump[("edges", "f")][2] == ["%x" % x for x in v.EDGES["f"].view(np.uint64)]
    assert dump[("edges", "s")][2] == [x.hex() for x in v.EDGES_STORED]
    assert dump[("appended", "n")][2] == [str(x) for x in range(20)]
    assert dump[("empty", "c")] == ("str", 0, [])
    assert dump[("big", "f")][2] == ["%x" % x for x in v.big()["f"].view(np.uint64)]


WORKED_EXAMPLE_COMMIT_V1 = bytes.fromhex(
    "5a444243434d5431000000000200000000000000887 96a5b4c3d2e1f0300000000000000030000000200000069640004"
    "0000006e616d65020500000073636f726501".replace(" ", "") + "9daa23a2")


def test_the_v1_commit_record_of_format_md_is_read_and_an_append_rewrites_it_as_v2(scratch):
    """The worked example of docs/FORMAT.md section 2, version 2 in generation 1f2e3d4c5b6a7988, built by hand."""
    import zlib

    d = scratch / "DBdir"
    t = d / ".zdbc" / "t" / "players"
    t.mkdir(parents=True)
    (scratch / "DB").write_bytes(codec.encode_registry(["players"]))
    cols = (("id", codec.I64), ("name", codec.STR), ("score", codec.F64))
    (d / "players.schema").write_bytes(codec.encode_schema(3, cols))
    data = {"id": struct.pack("<3q", 1, 2, 3), "name": b"Alice   Bob     " + "Zoë".encode() + b"    ",
            "score": struct.pack("<3d", 10.5, 20.0, -1.25)}
    for c, b in data.items():
        (t / f"1f2e3d4c5b6a7988.{c}").write_bytes(b)
        os.link(t / f"1f2e3d4c5b6a7988.{c}", d / f"players.{c}")
    (t / "commit").write_bytes(WORKED_EXAMPLE_COMMIT_V1)
    assert len(WORKED_EXAMPLE_COMMIT_V1) == 70
    with pyzdbc.DB(scratch / "DB") as db:
        assert db._st.read_commit("players") == codec.Commit(0, 2, 0x1F2E3D4C5B6A7988, 3, cols, None)
        assert [x.decode() for x in db.read_columns("players")["name"]] == ["Alice", "Bob", "Zoë"]
        db.append("players", {"id": [4], "name": ["Eve"], "score": [1.0]})
        c = db._st.read_commit("players")
        assert (c.version, c.generation, c.rows) == (3, 0x1F2E3D4C5B6A7988, 4)
        assert c.sums == tuple(zlib.crc32((t / f"1f2e3d4c5b6a7988.{n}").read_bytes()) for n, _ in cols)
        assert (t / "commit").read_bytes()[:8] == b"ZDBCCMT2"


def test_worked_example_of_format_md_is_what_python_writes(scratch):
    with pyzdbc.DB(scratch / "DB") as db:
        db.write_table("players", v.PLAYERS)
    d = scratch / "DBdir"
    assert (scratch / "DB").read_bytes() == bytes.fromhex("0100000007000000706c6179657273")
    assert (d / "players.schema").read_bytes() == bytes.fromhex(
        "0300000000000000030000000200000069640004000000"
        "6e616d65020500000073636f726501")
    assert (d / "players.name").read_bytes() == b"Alice   Bob     " + "Zoë".encode() + b"    "
    assert (d / "players.score").read_bytes() == struct.pack("<3d", 10.5, 20.0, -1.25)
    assert os.path.samefile(d / "players.id", next((d / ".zdbc" / "t" / "players").glob("*.id")))
