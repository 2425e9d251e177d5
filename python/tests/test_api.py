"""The original ZDBC library's API: its README example unchanged, every read path and its padding,
every type and edge value, 0/1/10,000 rows, several tables, drop and re-create, nested names."""

import numpy as np
import pandas as pd
import pytest

import pyzdbc

import vectors as v


def test_readme_example_of_the_original_library_runs_unchanged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = pyzdbc.DB("mydb")
    db.create_table("players", {
        "id": "i64",
        "name": "str",
        "score": "f64",
        "active": "i64",
        "category": "str",
    })
    df = pd.DataFrame({
        "id": np.arange(10000, dtype=np.int64),
        "name": np.random.choice(["Alice", "Bob", "Eve"], 10000),
        "score": np.random.rand(10000) * 100,
        "active": np.random.randint(0, 2, 10000, dtype=np.int64),
        "category": np.random.choice(["A", "B", "C"], 10000),
    })
    db.write_table("players", df)
    arrs = db.read_columns("players")
    ids = db.read_column("players", "id")
    subset = db.read_columns("players", col_names=["id", "score"])
    df2 = db.load_table("players")
    assert db.list_tables() == ["players"]
    assert db.table_info("players")["rows"] == 10000
    np.testing.assert_array_equal(ids, df["id"].to_numpy())
    np.testing.assert_array_equal(subset["score"], df["score"].to_numpy())
    assert list(arrs) == ["id", "name", "score", "active", "category"]
    assert list(df2["name"][:3]) == [s.encode() for s in df["name"][:3]]
    # "Load existing table, append a row, save back"
    df3 = db.load_table("players")
    df3.loc[len(df3)] = [42, "NewGuy", 88.5, 1, "C"]
    db.write_table("players", df3)
    assert db.table_info("players")["rows"] == 10001
    assert db.read_column("players", "name")[-1] == b"NewGuy  "
    assert db.read_column("players", "id").dtype == np.int64
    db.drop_table("players")
    db.close()
    with pyzdbc.DB("mydb") as db:
        assert db.list_tables() == []
    assert (tmp_path / "mydbdir").is_dir()


def test_each_read_path_pads_str_as_the_original_library_documents(db):
    db.write_table("t", {"name": ["Alice", "", "abcdefgh", "a b"]})
    raw = db.read_column("t", "name")
    assert raw.dtype == np.dtype("S8")
    assert raw.tobytes() == b"Alice   " + b" " * 8 + b"abcdefgh" + b"a b     "
    assert db.read_columns("t", col_names=["name"])["name"].tobytes() == raw.tobytes()
    batch = db.read_columns("t")["name"]
    assert batch.dtype == np.dtype("S8")
    assert batch.tobytes() == b"Alice\0\0\0" + b"\0" * 8 + b"abcdefgh" + b"a b\0\0\0\0\0"
    frame = db.load_table("t")
    assert frame["name"].dtype == object
    assert list(frame["name"]) == [b"Alice", b"", b"abcdefgh", b"a b"]


def test_table_info_lists_columns_with_types_and_the_row_count(db):
    db.create_table("t", {"a": "i64", "b": "f64", "c": "str"})
    assert db.table_info("t") == {"name": "t", "rows": 0, "columns": [
        {"name": "a", "type": "i64"}, {"name": "b", "type": "f64"}, {"name": "c", "type": "str"}]}


@pytest.mark.parametrize("rows", [0, 1, 10_000])
def test_every_type_round_trips_at_row_count(db, rows):
    rng = np.random.default_rng(rows)
    i = rng.integers(-(2**63), 2**63 - 1, rows, dtype=np.int64, endpoint=True)
    f = rng.standard_normal(rows) * 1e300
    s = [f"v{x % 977}" for x in range(rows)]
    db.write_table("t", {"i": i, "f": f, "s": s})
    got = db.read_columns("t")
    np.testing.assert_array_equal(got["i"], i)
    assert got["f"].tobytes() == f.tobytes()
    assert [x.decode() for x in got["s"]] == s
    assert db.table_info("t")["rows"] == rows


def test_edge_values_are_stored_bit_for_bit(db):
    db.write_table("edges", v.EDGES)
    e = db.read_columns("edges", col_names=["i", "f", "s"])
    np.testing.assert_array_equal(e["i"], v.EDGES["i"])
    assert e["f"].tobytes() == v.EDGES["f"].tobytes()
    assert list(e["s"]) == v.EDGES_STORED


def test_multi_byte_utf8_is_cut_at_the_last_whole_character(db):
    db.write_table("t", {"s": ["aÄÄÄÄ", "1234567€", "€€€", "ab😀cd", "abcdefg😀", "Zoë"]})
    raw = db.read_column("t", "s")
    assert list(raw) == ["aÄÄÄ ".encode(), b"1234567 ", "€€".encode() + b"  ", "ab😀cd".encode(),
                         b"abcdefg ", "Zoë".encode() + b"    "]
    assert [x.decode() for x in db.read_columns("t")["s"]] == ["aÄÄÄ", "1234567", "€€", "ab😀cd", "abcdefg", "Zoë"]


def test_str_input_may_be_bytes_numpy_strings_or_objects(db):
    db.write_table("t", {"s": np.array([b"x\0\0", b"y  "], dtype="S8")})
    assert db.read_column("t", "s").tobytes() == b"x" + b" " * 7 + b"y" + b" " * 7
    db.write_table("t", {"s": np.array(["ab", "cd"])})
    assert db.read_column("t", "s").tobytes() == b"ab      cd      "
    db.write_table("t", {"s": np.array([b"ab", "Ä"], dtype=object)})
    assert db.read_column("t", "s").tobytes() == b"ab      " + "Ä".encode() + b"      "


def test_tables_are_isolated_from_each_other(db):
    db.write_table("a", {"x": np.arange(5)})
    db.write_table("b", {"x": np.arange(7) * 10})
    db.drop_table("a")
    np.testing.assert_array_equal(db.read_column("b", "x"), np.arange(7) * 10)
    db.write_table("a", {"y": [1.5]})
    assert db.list_tables() == ["b", "a"]
    assert db.table_info("a")["columns"] == [{"name": "y", "type": "f64"}]


def test_drop_and_re_create_gives_an_empty_table(db):
    db.write_table("t", {"x": np.arange(3)})
    db.drop_table("t")
    db.create_table("t", {"x": "i64"})
    assert len(db.read_column("t", "x")) == 0


def test_nested_table_names_make_sub_directories(db, db_path):
    db.create_table("data/players", {"id": "i64"})
    db.write_table("data/players", {"id": [1, 2]})
    db.write_table("a/b/c", {"x": [1.0]})
    assert (db_path.parent / "dbdir" / "data" / "players.id").is_file()
    assert (db_path.parent / "dbdir" / ".zdbc" / "t" / "a%2Fb%2Fc").is_dir()
    assert db.list_tables() == ["data/players", "a/b/c"]
    np.testing.assert_array_equal(db.read_column("data/players", "id"), [1, 2])


def test_write_table_keeps_the_types_of_existing_columns(db):
    db.create_table("t", {"score": "f64", "n": "i64"})
    db.write_table("t", {"score": np.array([1, 2]), "n": np.array([3, 4], dtype=np.int32)})
    assert db.table_info("t")["columns"] == [{"name": "score", "type": "f64"}, {"name": "n", "type": "i64"}]
    assert db.read_column("t", "score").dtype == np.float64


def test_append_writes_only_new_rows_and_commits_a_new_version(db):
    db.write_table("t", {"x": np.arange(3), "s": ["a", "b", "c"]})
    before = db._st.read_commit("t")
    db.append("t", pd.DataFrame({"s": ["d"], "x": [3]}))
    after = db._st.read_commit("t")
    assert (after.generation, after.version, after.rows) == (before.generation, before.version + 1, 4)
    np.testing.assert_array_equal(db.read_column("t", "x"), np.arange(4))
    db.append("t", {"x": [], "s": []})
    assert db._st.read_commit("t").version == after.version  # 0 rows commit nothing


def test_dict_of_lists_and_polars_and_arrow_inputs_are_accepted(db):
    import polars as pl
    import pyarrow as pa

    db.write_table("a", {"x": [1, 2], "y": [0.5, 1.5], "s": ["p", "q"]})
    db.write_table("b", pl.DataFrame({"x": [1, 2], "s": ["p", "q"]}))
    db.write_table("c", pa.table({"x": [1, 2], "y": [0.5, 1.5]}))
    for t in "abc":
        np.testing.assert_array_equal(db.read_column(t, "x"), [1, 2])
    assert db.table_info("b")["columns"][1] == {"name": "s", "type": "str"}
