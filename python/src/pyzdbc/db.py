"""pyzdbc.DB: the original ZDBC library's Python API over zdbc's format and commit protocol."""

from array import array

from . import _codec as codec
from . import _columns as columns
from . import _writes as writes
from ._errors import ColumnNotFoundError, Error, SchemaError
from ._storage import Storage

MAX_READ_ATTEMPTS = 50
MAX_PLANS = 256

# Stands in for the change counter while a database has no counter file: odd, so it never equals
# the even count a cached snapshot or answer was kept under (FORMAT.md section 1.8).
_NO_COUNTER = memoryview(array("Q", [1]))


class _Snapshot:
    """One committed version of a table and the columns mapped from it so far. ``count`` is the
    even change count it was read under (negative: not to be kept)."""

    __slots__ = ("count", "state", "arrays", "padded", "types", "index", "batch")

    def __init__(self, count, state):
        self.count = count
        self.state = state
        self.arrays = {}
        self.padded = {}
        self.types = dict(state.columns)
        self.index = {n: i for i, (n, _) in enumerate(state.columns)}
        self.batch = None  # the default read_columns answer, once every column is mapped


class DB:
    """A zdbc database named by its registry file: ``DB("mydb")`` keeps its tables in ``mydbdir/``.

    ``read_only`` opens without the write lock and never writes; ``durable=False`` skips fsync (a
    commit is still atomic against a process crash, not against power loss); ``lock_timeout`` is how
    long a write waits for another writer, in seconds."""

    def __init__(self, path, *, read_only=False, durable=True, lock_timeout=10.0):
        self._st = Storage(path, read_only=read_only, durable=durable, lock_timeout=lock_timeout)
        self._changes = self._st.changes
        # The counter's shared mapping, read directly on the cached paths: one memory read per call.
        self._cv = self._changes.view() or _NO_COUNTER
        self._cache = {}
        self._plans = {}  # pyzdbc.lazy query plans by expression, with their last answers

    @property
    def path(self):
        return self._st.layout.registry

    # ------------------------------------------------------------------ the original library's API

    def create_table(self, name, schema):
        """Creates an empty table: ``schema`` maps column names to "i64", "f64" or "str"."""
        cols = []
        for col, type_name in dict(schema).items():
            if type_name not in codec.TYPE_CODES:
                raise SchemaError(f"column '{col}' of table '{name}' has unknown type {type_name!r} "
                                  "(expected 'i64', 'f64' or 'str')", name, col)
            cols.append((col, codec.TYPE_CODES[type_name]))
        writes.create(self._st, name, tuple(cols))

    def write_table(self, name, data):
        """Replaces the table's contents (creating it if needed) with a DataFrame or dict of arrays.
        Columns the table has keep their type; new ones get it from the data."""
        cols = columns.as_columns(data, name)
        rows = columns.row_count(name, cols)
        try:
            known = dict(writes.table_columns(self._st, name))
        except Error:
            known = {}
        defs, encoded = [], []
        for col, values in cols.items():
            code = known.get(col)
            if code is None:
                code = columns.infer_type(values)
            defs.append((col, code))
            encoded.append(columns.encode(values, code, name, col))
        writes.replace(self._st, name, tuple(defs), encoded, rows)

    def read_columns(self, name, col_names=None):
        """Columns as numpy arrays. Default: every column, str values NUL-padded; with ``col_names``:
        those columns, str values as on disk (space-padded). Numeric arrays are read-only views
        of the files (no copy)."""
        if col_names is None:
            snap = self._cache.get(name)
            if snap is None or snap.count != self._cv[0] or snap.batch is None:
                snap = self._snapshot(name, None)
                if snap.batch is None:
                    snap.batch = {c: self._padded(snap, c) for c in snap.types}
            return snap.batch.copy()
        names = list(col_names)
        snap = self._snapshot(name, names)
        return {c: snap.arrays[c] for c in names}

    def read_column(self, name, col_name):
        """One column as a read-only numpy array over the file; str values space-padded ``S8``."""
        return self.get_column(name, col_name)

    def load_table(self, name):
        """A pandas DataFrame: numeric columns share memory with the files, str columns are trimmed bytes."""
        import pandas as pd

        snap = self._snapshot(name, None)
        data = {}
        for c, code in snap.types.items():
            data[c] = self._padded(snap, c).astype(object) if code == codec.STR else snap.arrays[c]
        return pd.DataFrame(data, copy=False)

    def list_tables(self):
        return self._st.tables()

    def table_info(self, name):
        """``{"name", "columns": [{"name", "type"}], "rows"}``."""
        s = self._state(name)
        return {"name": name, "columns": [{"name": n, "type": codec.TYPE_NAMES[t]} for n, t in s.columns],
                "rows": s.rows}

    def drop_table(self, name):
        writes.drop(self._st, name)
        self._cache.pop(name, None)

    def close(self):
        """Forgets cached state. Arrays already handed out stay valid: each keeps its own mapping."""
        self._cv = _NO_COUNTER
        self._cache = {}
        self._plans = {}
        self._st.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ beyond the original library

    def append(self, name, data):
        """Appends rows (every column, no other) in place: only the new rows are written."""
        cols = columns.as_columns(data, name)
        rows = columns.row_count(name, cols)
        table_cols = tuple(writes.table_columns(self._st, name))
        writes.match_columns(name, table_cols, cols)
        encoded = [columns.encode(cols[c], code, name, c) for c, code in table_cols]
        writes.append(self._st, name, table_cols, encoded, rows)

    def get_column(self, table, col):
        """The committed column, zero-copy; served from a cache while the change counter says no
        writer (of any process) has started since it was read."""
        snap = self._cache.get(table)
        if snap is not None and snap.count == self._cv[0]:
            a = snap.arrays.get(col)
            if a is not None:
                return a
        return self._snapshot(table, [col]).arrays[col]

    def table(self, name, **equal):
        """A lazy frame over the table (pyzdbc.lazy): filters and aggregates run at ``collect()``.
        Keyword arguments filter on equality: ``db.table("trades", sym="AAPL")``."""
        from .lazy import Frame

        return Frame(self, name, **equal)

    def change_count(self):
        """Equal results mean no commit happened in between (odd or new numbers while one runs)."""
        return self._st.changes.read()

    def __repr__(self):
        return f"pyzdbc.DB({self.path!r})"

    # ------------------------------------------------------------------ reads

    def _state(self, name):
        snap = self._cache.get(name)
        if snap is not None and snap.count == self._cv[0]:
            return snap.state
        return self._snapshot(name, []).state

    def _fresh(self, name):
        """The cached snapshot of the table if no write has started since it was read, else None."""
        snap = self._cache.get(name)
        if snap is not None and snap.count == self._cv[0]:
            return snap
        return None

    def _snapshot(self, name, names):
        """A consistent snapshot with the named columns (all if None) mapped (PROTOCOL.md §3)."""
        st = self._st
        for _ in range(MAX_READ_ATTEMPTS):
            count = st.changes.read()
            if self._cv is _NO_COUNTER and not st.closed:
                self._cv = st.changes.view() or _NO_COUNTER  # a writer has created the file since
            snap = self._cache.get(name)
            if snap is None or snap.count != count:
                snap = _Snapshot(count, st.state(name))
            want = list(snap.types) if names is None else names
            missing = [c for c in want if c not in snap.arrays]
            try:
                for c in missing:
                    code = snap.types.get(c)
                    if code is None:
                        raise ColumnNotFoundError(name, c)
                    snap.arrays[c] = columns.map_column(snap.state.files[snap.index[c]], snap.state.rows, code)
            except FileNotFoundError:
                self._cache.pop(name, None)
                continue  # a newer commit deleted that generation: read the new one
            if missing and snap.state.version == 0 and st.state(name).version != 0:
                self._cache.pop(name, None)
                continue  # the first zdbc write renamed new files over the legacy names meanwhile
            if count >= 0:
                self._cache[name] = snap
            return snap
        raise Error(f"table '{name}' kept changing while it was read ({MAX_READ_ATTEMPTS} attempts)")

    @staticmethod
    def _padded(snap, c):
        if snap.types[c] != codec.STR:
            return snap.arrays[c]
        p = snap.padded.get(c)
        if p is None:
            p = columns.nul_padded(snap.arrays[c])
            p.flags.writeable = False
            snap.padded[c] = p
        return p


