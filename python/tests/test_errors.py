"""Every error is a pyzdbc.Error naming the table, column or file, and a refused write changes nothing."""

import os

import numpy as np
import pytest

import pyzdbc


def test_every_error_is_a_subclass_of_pyzdbc_error_and_of_the_original_name():
    for cls in (pyzdbc.InvalidNameError, pyzdbc.TableNotFoundError, pyzdbc.ColumnNotFoundError,
                pyzdbc.TableExistsError, pyzdbc.SchemaError, pyzdbc.TypeMismatchError, pyzdbc.CorruptDatabaseError,
                pyzdbc.DatabaseLockedError, pyzdbc.ClosedError, pyzdbc.ReadOnlyError):
        assert issubclass(cls, pyzdbc.Error)
    assert pyzdbc.ZDBCError is pyzdbc.Error


@pytest.mark.parametrize("call", ["read_column", "read_columns", "load_table", "table_info", "drop_table"])
def test_a_missing_table_is_named(db, call):
    with pytest.raises(pyzdbc.TableNotFoundError, match="'nope'"):
        args = ("nope", "x") if call == "read_column" else ("nope",)
        getattr(db, call)(*args)


def test_a_missing_column_is_named_with_its_table(db):
    db.write_table("t", {"x": [1]})
    with pytest.raises(pyzdbc.ColumnNotFoundError, match="table 't' has no column 'y'"):
        db.read_column("t", "y")
    with pytest.raises(pyzdbc.ColumnNotFoundError, match="'y'"):
        db.read_columns("t", col_names=["x", "y"])
    with pytest.raises(pyzdbc.ColumnNotFoundError, match="'y'"):
        db.append("t", {"x": [2], "y": [3]})


def test_a_type_mismatch_names_table_and_column_and_changes_nothing(db):
    db.write_table("t", {"x": [1, 2], "s": ["a", "b"]})
    before = db._st.read_commit("t")
    with pytest.raises(pyzdbc.TypeMismatchError, match="column 'x' of table 't' is i64"):
        db.write_table("t", {"x": ["a", "b"], "s": ["a", "b"]})
    with pytest.raises(pyzdbc.TypeMismatchError, match="column 'x' of table 't' is i64"):
        db.append("t", {"x": [1.5], "s": ["c"]})
    with pytest.raises(pyzdbc.TypeMismatchError, match="column 's' of table 't' is str"):
        db.append("t", {"x": [3], "s": [1.5]})
    assert db._st.read_commit("t") == before


def test_columns_of_unequal_length_are_refused_naming_them(db):
    with pytest.raises(pyzdbc.SchemaError, match=r"unequal lengths \('a': 2, 'b': 3\)"):
        db.write_table("t", {"a": [1, 2], "b": [1, 2, 3]})
    assert db.list_tables() == []


def test_an_append_without_every_column_is_refused(db):
    db.write_table("t", {"a": [1], "b": [2]})
    with pytest.raises(pyzdbc.SchemaError, match="lacks column 'b'"):
        db.append("t", {"a": [1]})


@pytest.mark.parametrize("name,reason", [
    ("", "empty"), ("/abs", "absolute"), ("a//b", "empty path segment"), ("a/../b", "'..' segment"),
    ("a\\b", "backslash"), (".zdbc/x", "reserved"), ("C:x", "drive path"), ("a\0b", "NUL"), ("x" * 250, "too long"),
])
def test_bad_table_names_are_refused_with_the_reason(db, name, reason):
    with pytest.raises(pyzdbc.InvalidNameError, match=reason):
        db.create_table(name, {"x": "i64"})


@pytest.mark.parametrize("name,reason", [
    ("", "empty"), ("a.b", "contains '.'"), ("a/b", "path separator"), ("schema", "schema file"),
    ("zdbc-tmp", "reserved"), ("a\0", "NUL"),
])
def test_bad_column_names_are_refused_with_the_reason(db, name, reason):
    with pytest.raises(pyzdbc.InvalidNameError, match=f"in table 't'.*{reason}"):
        db.write_table("t", {name: [1]})


def test_duplicate_and_unknown_types_and_existing_tables(db):
    with pytest.raises(pyzdbc.SchemaError, match="unknown type 'i32'"):
        db.create_table("t", {"x": "i32"})
    db.create_table("t", {"x": "i64"})
    with pytest.raises(pyzdbc.TableExistsError, match="'t'"):
        db.create_table("t", {"x": "i64"})
    with pytest.raises(pyzdbc.SchemaError, match="at least one column"):
        db.create_table("u", {})


def test_a_table_whose_name_collides_with_another_tables_file_is_refused(db):
    db.write_table("a", {"x": [1]})
    with pytest.raises(pyzdbc.InvalidNameError, match="is a file"):
        db.write_table("a.x/y", {"z": [1]})


def test_a_corrupt_commit_record_names_its_file(db, db_path):
    db.write_table("t", {"x": [1]})
    commit = db._st.layout.commit_file("t")
    data = bytearray(open(commit, "rb").read())
    data[-1] ^= 0xFF
    open(commit, "wb").write(bytes(data))
    with pytest.raises(pyzdbc.CorruptDatabaseError, match="commit: checksum mismatch"):
        pyzdbc.DB(db_path, read_only=True).read_column("t", "x")


def test_a_short_column_file_names_the_file(db):
    db.write_table("t", {"x": np.arange(4)})
    c = db._st.read_commit("t")
    f = db._st.layout.data_file("t", c.generation, "x")
    os.truncate(f, 16)
    with pytest.raises(pyzdbc.CorruptDatabaseError, match=r"\.x: column file of 't\.x' has 16 bytes"):
        db.read_column("t", "x")


def test_a_garbage_registry_names_the_file(db_path):
    db_path.write_bytes(b"\xff\xff\xff\x7f")
    with pytest.raises(pyzdbc.CorruptDatabaseError, match=f"{db_path}: table count .* is impossible"):
        pyzdbc.DB(db_path, read_only=True)


def test_a_directory_as_database_path_and_a_missing_database_read_only(scratch):
    with pytest.raises(pyzdbc.Error, match="is a directory, not a database"):
        pyzdbc.DB(scratch)
    with pytest.raises(pyzdbc.Error, match="no database at"):
        pyzdbc.DB(scratch / "missing", read_only=True)
    assert not (scratch / "missingdir").exists()


def test_read_only_and_closed_databases_refuse_writes(db, db_path):
    ro = pyzdbc.DB(db_path, read_only=True)
    with pytest.raises(pyzdbc.ReadOnlyError):
        ro.write_table("t", {"x": [1]})
    db.close()
    with pytest.raises(pyzdbc.ClosedError):
        db.list_tables()
