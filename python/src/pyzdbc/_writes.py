"""The writes of the commit protocol (docs/PROTOCOL.md, section 1): create, replace, append and drop.
Each runs in Storage.write (write lock, change count, recovery first) and writes the intent
before it changes anything. Column data arrives encoded: contiguous arrays of 8-byte values."""

import os
import zlib

from . import _codec as codec
from . import _fs as fs
from ._errors import (ColumnNotFoundError, CorruptDatabaseError, InvalidNameError, SchemaError,
                      TableExistsError, TableNotFoundError)
from ._layout import check_column_name, check_table_name


def check_new_table(table, columns):
    check_table_name(table)
    seen = set()
    for name, _ in columns:
        check_column_name(table, name)
        if name in seen:
            raise InvalidNameError("column", name, f"appears twice in table '{table}'")
        seen.add(name)
    if not columns:
        raise SchemaError(f"table '{table}' needs at least one column", table)


def create(st, table, columns):
    check_new_table(table, columns)

    def run():
        if table in st.tables():
            raise TableExistsError(table)
        _check_no_collision(st, table, columns)
        st.begin_intent(table, [])
        _write_new_generation(st, table, columns, [b""] * len(columns), 0, None, True, [])
        st.end_intent()

    st.write(run)


def replace(st, table, columns, data, rows):
    check_new_table(table, columns)

    def run():
        exists = table in st.tables()
        prev = st.read_commit(table) if exists else None
        prev_cols = [n for n, _ in st.columns_of(table, prev)] if exists else []
        _check_no_collision(st, table, columns)
        st.begin_intent(table, prev_cols)
        _write_new_generation(st, table, columns, data, rows, prev, not exists, prev_cols)
        st.end_intent()

    st.write(run)


def table_columns(st, table):
    """The columns a write must match, read under no lock (the write checks again under it)."""
    if table not in st.tables():
        raise TableNotFoundError(table)
    return st.columns_of(table, st.read_commit(table))


def append(st, table, columns, data, rows):
    """Appends rows already matched to the table's columns (in their order)."""
    check_table_name(table)

    def run():
        if table not in st.tables():
            raise TableNotFoundError(table)
        c = st.read_commit(table)
        cols = tuple(st.columns_of(table, c))
        if cols != tuple(columns):
            raise SchemaError(f"table '{table}' changed its columns while the append was prepared", table)
        if rows == 0:
            return  # appending 0 rows changes nothing and commits nothing
        if c is not None:
            _check_generation_files(st, table, c)  # before the intent: a refused append changes nothing
        st.begin_intent(table, [n for n, _ in cols])
        if c is None:
            c = _adopt_legacy(st, table)
        _append_rows(st, table, c, data, rows)
        st.end_intent()

    st.write(run)


def drop(st, table):
    check_table_name(table)

    def run():
        registry = st.tables()
        if table not in registry:
            raise TableNotFoundError(table)
        cols = _columns_to_drop(st, table)
        st.begin_intent(table, cols)
        remaining = [t for t in registry if t != table]
        fs.write_atomically(st.layout.registry, codec.encode_registry(remaining), st.durable)  # commit point
        st.delete_table_files(table, cols)
        st.end_intent()

    st.write(run)


def _columns_to_drop(st, table):
    # A damaged commit record or schema must not keep a table from being dropped.
    try:
        return [n for n, _ in st.columns_of(table, st.read_commit(table))]
    except CorruptDatabaseError:
        try:
            return [n for n, _ in st.read_legacy_schema(table)[1]]
        except CorruptDatabaseError:
            return []


def _write_new_generation(st, table, columns, data, rows, prev, is_new, prev_cols):
    lay = st.layout
    gen = st.new_generation(prev)
    d = lay.table_dir(table)
    os.makedirs(d, exist_ok=True)
    sums = []
    for (name, _), values in zip(columns, data):
        f = lay.data_file(table, gen, name)
        fs.unlink_if_exists(f)
        fd = os.open(f, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644)
        try:
            fs.write_fully(fd, values, 0)
            if st.durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        sums.append(zlib.crc32(values) if rows else 0)
    if st.durable and not is_new:
        fs.fsync_dir(d)  # the record's rename must not reach the disk before the names it points at
    version = 1 if prev is None else prev.version + 1
    c = codec.Commit(codec.FLAG_PENDING_CREATE if is_new else 0, version, gen, rows, tuple(columns), tuple(sums))
    st.write_commit(table, c, prev is None)  # commit point of an existing table
    if is_new:
        registry = st.tables() + [table]
        fs.write_atomically(lay.registry, codec.encode_registry(registry), st.durable)  # commit point of a new table
        c = c._replace(flags=0)
        st.write_commit(table, c, False)
    st.publish_legacy(table, c, prev_cols)
    st.delete_unreferenced(table, c)


def _check_generation_files(st, table, c):
    need = c.rows * codec.WIDTH
    for name, _ in c.columns:
        f = st.layout.data_file(table, c.generation, name)
        size = fs.size_or_none(f)
        if size is None:
            raise CorruptDatabaseError(f, f"column file of '{table}.{name}' is missing, but {c.rows} rows are committed")
        if size < need:
            raise CorruptDatabaseError(f, f"column file has {size} bytes but {c.rows} rows are committed ({need} bytes)")


def _adopt_legacy(st, table):
    """Gives a table of the original library a commit record; its files become generation 1 by hard link."""
    lay = st.layout
    rows, cols = st.read_legacy_schema(table)
    gen = st.new_generation(None)
    os.makedirs(lay.table_dir(table), exist_ok=True)
    need = rows * codec.WIDTH
    for name, _ in cols:
        legacy = lay.legacy_column(table, name)
        size = fs.size_or_none(legacy)
        if size is None:
            raise CorruptDatabaseError(legacy, f"column file of '{table}.{name}' is missing")
        if size != need:
            raise CorruptDatabaseError(legacy, f"column file has {size} bytes, but the schema says {rows} rows × 8 = {need}")
        os.link(legacy, lay.data_file(table, gen, name))
    if st.durable:
        fs.fsync_dir(lay.table_dir(table))
    c = codec.Commit(0, 1, gen, rows, tuple(cols), None)
    c = c._replace(sums=st.committed_sums(table, c))
    st.write_commit(table, c, True)
    return c


def _append_rows(st, table, c, data, rows):
    lay = st.layout
    committed = c.rows * codec.WIDTH
    sums = c.sums if c.sums is not None else st.committed_sums(table, c)
    files = []
    for name, _ in c.columns:
        f = lay.data_file(table, c.generation, name)
        if os.stat(f).st_size > committed:
            os.truncate(f, committed)  # a torn append nobody committed
        files.append(f)
    if st.link_legacy_columns(table, c) and st.durable:
        fs.fsync_dir(os.path.dirname(lay.legacy_schema(table)))
    new_sums = []
    for f, values, old in zip(files, data, sums):
        fd = os.open(f, os.O_WRONLY)
        try:
            fs.write_fully(fd, values, committed)
            if st.durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        new_sums.append(zlib.crc32(values, old))
    nxt = codec.Commit(0, c.version + 1, c.generation, c.rows + rows, c.columns, tuple(new_sums))
    st.write_commit(table, nxt, False)  # commit point
    _update_legacy_row_count(st, table, nxt)


def _update_legacy_row_count(st, table, c):
    schema = st.layout.legacy_schema(table)
    expected = codec.encode_schema(c.rows, c.columns)
    if fs.size_or_none(schema) != len(expected):
        fs.write_atomically(schema, expected, st.durable)
        return
    fd = os.open(schema, os.O_WRONLY)
    try:
        fs.write_fully(fd, expected[:8], 0)
        if st.durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _check_no_collision(st, table, columns):
    """Refuses a table whose files would need a directory where another table has a file, or the reverse."""
    lay = st.layout
    schema = lay.legacy_schema(table)
    p = os.path.dirname(schema)
    while p.startswith(lay.data_dir + os.sep):
        if os.path.exists(p) and not os.path.isdir(p):
            raise InvalidNameError("table", table, f"{p} is a file (of another table), not a directory")
        p = os.path.dirname(p)
    if os.path.isdir(schema):
        raise InvalidNameError("table", table, f"its schema file {schema} is a directory (of another table)")
    for name, _ in columns:
        f = lay.legacy_column(table, name)
        if os.path.isdir(f):
            raise InvalidNameError("column", name, f"in table '{table}': its file {f} is a directory (of another table)")


def match_columns(table, columns, names):
    """Checks that the data names every column of the table and no other."""
    known = {n for n, _ in columns}
    for n in names:
        if n not in known:
            raise ColumnNotFoundError(table, n)
    for n, _ in columns:
        if n not in names:
            raise SchemaError(f"append to table '{table}' lacks column '{n}'; every column needs values", table, n)
