"""The ZDBC layout with zdbc's commit protocol, for readers and for recovery (docs/PROTOCOL.md,
sections 2 and 3). The writes themselves are in _writes.py.

Readers take no lock: a table's state is its commit record, replaced atomically by rename, naming
generation files that are only ever extended past the committed length."""

import os
import zlib
from collections import namedtuple

from . import _codec as codec
from . import _fs as fs
from ._errors import (ClosedError, CorruptDatabaseError, Error, InvalidNameError, ReadOnlyError,
                      TableNotFoundError)
from ._layout import Layout, check_table_name, tmp, unescape

TableState = namedtuple("TableState", "name columns rows version files commit")
TableState.__doc__ = "A table as one reader sees it: columns as (name, type code), and one file per column."

MAX_STATE_ATTEMPTS = 100
_CHUNK = 1 << 24


class Storage:
    def __init__(self, path, read_only=False, durable=True, lock_timeout=10.0, create_if_missing=True):
        self.layout = Layout(path)
        self.read_only = read_only
        self.durable = durable
        self.lock = fs.WriterLock(self.layout.lock_file, lock_timeout)
        self.changes = fs.ChangeCounter(self.layout.changes_file)
        self.closed = False
        lay = self.layout
        if os.path.isdir(lay.registry):
            raise Error(f"{lay.registry} is a directory, not a database: a database is named by its registry file"
                        " (<dir>/db, with its tables in <dir>/dbdir/)")
        if not os.path.exists(lay.registry):
            if read_only or not create_if_missing:
                raise Error(f"no database at {lay.registry} (registry file not found)")
            fs.make_dirs(os.path.dirname(lay.registry), durable)
        if not read_only:
            fs.make_dirs(lay.tables_dir, durable)
            with self.lock:
                self.changes.create()
                self.changes.begin_write()
                try:
                    if not os.path.exists(lay.registry):
                        fs.write_atomically(lay.registry, codec.encode_registry([]), durable)
                    self.recover_pending()
                    fs.unlink_if_exists(tmp(lay.intent_file))
                finally:
                    self.changes.end_write()
        self.tables()  # fail fast on a garbage registry

    # ------------------------------------------------------------------ reads (no lock)

    def check_open(self):
        if self.closed:
            raise ClosedError(self.layout.registry)

    def tables(self):
        self.check_open()
        try:
            data = fs.read_all(self.layout.registry)
        except FileNotFoundError:
            raise Error(f"no database at {self.layout.registry} (registry file not found)") from None
        return codec.decode_registry(self.layout.registry, data)

    def read_commit(self, table):
        f = self.layout.commit_file(table)
        try:
            data = fs.read_all(f)
        except FileNotFoundError:
            return None
        return codec.decode_commit(f, data)

    def read_legacy_schema(self, table):
        f = self.layout.legacy_schema(table)
        try:
            return codec.decode_schema(f, fs.read_all(f))
        except FileNotFoundError:
            return 0, ()  # declared by the original library's create_table, never written (PROTOCOL.md §6)

    def columns_of(self, table, commit):
        return commit.columns if commit is not None else self.read_legacy_schema(table)[1]

    def state(self, table):
        """The committed state of a table, with every file checked to hold its rows (PROTOCOL.md §3)."""
        self.check_open()
        check_table_name(table)
        for attempt in range(1, MAX_STATE_ATTEMPTS + 1):
            c = self.read_commit(table)
            if table not in self.tables():
                raise TableNotFoundError(table)
            if c is not None:
                files = [self.layout.data_file(table, c.generation, n) for n, _ in c.columns]
                s = TableState(table, c.columns, c.rows, c.version, files, c)
            else:
                if os.path.exists(self.layout.commit_file(table)):
                    continue  # created by another process between our two looks
                rows, cols = self.read_legacy_schema(table)
                files = [self.layout.legacy_column(table, n) for n, _ in cols]
                s = TableState(table, cols, rows, 0, files, None)
            bad = self._check_files(s)
            if bad is None:
                return s
            if self.read_commit(table) == c:
                raise bad
        raise Error(f"table '{table}' kept changing while it was read ({bad})")

    def _check_files(self, s):
        need = s.rows * codec.WIDTH
        says = ("the commit record says " if s.commit is not None else "the schema says ") + f"{s.rows} rows × 8 = {need}"
        for f, (name, _) in zip(s.files, s.columns):
            what = f"column file of '{s.name}.{name}'"
            size = fs.size_or_none(f)
            if size is None:
                return CorruptDatabaseError(f, f"{what} is missing ({says})")
            if size < need:
                return CorruptDatabaseError(f, f"{what} has {size} bytes, but {says}")
        return None

    # ------------------------------------------------------------------ writes: the frame

    def write(self, action):
        """Runs action under the write lock, with the change count odd meanwhile, after recovery.
        A failure that is not an I/O error (bad input found late) is rolled back at once."""
        self.check_open()
        if self.read_only:
            raise ReadOnlyError(self.layout.registry)
        with self.lock:
            self.changes.begin_write()
            try:
                self.recover_pending()
                try:
                    return action()
                except OSError:
                    raise  # left to the next writer's recovery, like a crash
                except BaseException:
                    if os.path.exists(self.layout.intent_file):
                        self.recover_pending()
                    raise
            finally:
                self.changes.end_write()

    def begin_intent(self, table, previous_columns):
        fs.write_atomically(self.layout.intent_file, codec.encode_intent(table, previous_columns), self.durable)

    def end_intent(self):
        fs.unlink_if_exists(self.layout.intent_file)

    def write_commit(self, table, commit, first_in_dir):
        fs.write_atomically(self.layout.commit_file(table), codec.encode_commit(commit), self.durable)
        if first_in_dir and self.durable:
            fs.fsync_dir(self.layout.tables_dir)

    @staticmethod
    def new_generation(prev):
        while True:
            g = int.from_bytes(os.urandom(8), "little") >> 1  # 63 random bits; secrets would import hashlib and random at start-up
            if g != 0 and (prev is None or g != prev.generation):
                return g

    def link_legacy_columns(self, table, c):
        """Makes each <table>.<column> a hard link of the commit's generation file unless it is one."""
        linked = False
        for name, _ in c.columns:
            legacy = self.layout.legacy_column(table, name)
            data = self.layout.data_file(table, c.generation, name)
            if os.path.exists(legacy) and os.path.samefile(legacy, data):
                continue
            fs.make_dirs(os.path.dirname(legacy), self.durable)
            t = tmp(legacy)
            fs.unlink_if_exists(t)  # left by a durable writer that died between its link and its rename
            if self.durable:
                os.link(data, t)
                os.replace(t, legacy)
            else:
                fs.unlink_if_exists(legacy)
                os.link(data, legacy)
            linked = True
        return linked

    def publish_legacy(self, table, c, previous_columns):
        """Points <table>.<column> at the generation files and rewrites <table>.schema, last."""
        schema = self.layout.legacy_schema(table)
        fs.make_dirs(os.path.dirname(schema), self.durable)
        self.link_legacy_columns(table, c)
        expected = codec.encode_schema(c.rows, c.columns)
        try:
            same = fs.read_all(schema) == expected
        except FileNotFoundError:
            same = False
        if not same:
            fs.write_atomically(schema, expected, self.durable)
        current = {n for n, _ in c.columns}
        for old in previous_columns:
            if old not in current:
                fs.unlink_if_exists(self.layout.legacy_column(table, old))
        if self.durable:
            fs.fsync_dir(os.path.dirname(schema))

    def delete_unreferenced(self, table, c):
        d = self.layout.table_dir(table)
        keep = {"commit"} | {f"{c.generation:x}.{n}" for n, _ in c.columns}
        for name in os.listdir(d):
            if name not in keep:
                fs.unlink_if_exists(os.path.join(d, name))

    def delete_table_files(self, table, columns):
        for col in columns:
            fs.unlink_if_exists(self.layout.legacy_column(table, col))
        fs.unlink_if_exists(self.layout.legacy_schema(table))
        d = self.layout.table_dir(table)
        if os.path.isdir(d):
            for name in os.listdir(d):
                fs.unlink_if_exists(os.path.join(d, name))
            os.rmdir(d)
        if self.durable:
            fs.fsync_dir(self.layout.tables_dir)
            legacy_dir = os.path.dirname(self.layout.legacy_schema(table))
            if os.path.isdir(legacy_dir):
                fs.fsync_dir(legacy_dir)

    # ------------------------------------------------------------------ recovery (PROTOCOL.md §2)

    def recover_pending(self):
        lay = self.layout
        try:
            data = fs.read_all(lay.intent_file)
        except FileNotFoundError:
            return
        intent = codec.decode_intent_or_none(lay.intent_file, data)
        if intent is None:
            self._recover_all()
        else:
            self._recover_table(intent[0], intent[1], self.tables())
        fs.unlink_if_exists(tmp(lay.registry))
        fs.unlink_if_exists(lay.intent_file)

    def _recover_all(self):
        registry = self.tables()
        for t in registry:
            try:
                check_table_name(t)
            except InvalidNameError:
                continue  # a registry torn in FAST mode can list garbage; verify reports it
            if os.path.isdir(self.layout.table_dir(t)):
                self._recover_table(t, [], registry)
        for d in os.listdir(self.layout.tables_dir):
            t = unescape(d)
            if t not in registry:
                self._recover_table(t, [], registry)

    def _recover_table(self, table, previous_columns, registry):
        check_table_name(table)
        try:
            c = self.read_commit(table)
        except CorruptDatabaseError:
            fs.unlink_if_exists(self.layout.commit_file(table))
            c = None
        if table not in registry:
            cols = list(dict.fromkeys(list(previous_columns) + ([n for n, _ in c.columns] if c else [])))
            self.delete_table_files(table, cols)
            return
        d = self.layout.table_dir(table)
        if c is None:
            if os.path.isdir(d):
                for name in os.listdir(d):
                    fs.unlink_if_exists(os.path.join(d, name))
                os.rmdir(d)
            return
        if c.flags & codec.FLAG_PENDING_CREATE:
            c = c._replace(flags=0)
            if c.sums is None:
                c = c._replace(sums=self.committed_sums(table, c))
            self.write_commit(table, c, False)
        need = c.rows * codec.WIDTH
        for name, _ in c.columns:
            size = fs.size_or_none(self.layout.data_file(table, c.generation, name))
            if size is None or size < need:
                return  # committed data lost: left for readers and verify to name the file
        for name, _ in c.columns:
            f = self.layout.data_file(table, c.generation, name)
            if os.stat(f).st_size > need:
                os.truncate(f, need)  # an append that never committed
        self.delete_unreferenced(table, c)
        self.publish_legacy(table, c, previous_columns)

    def committed_sums(self, table, c):
        """CRC-32 of each column's committed bytes: for a v1 record or an adopted legacy table."""
        return tuple(file_crc32(self.layout.data_file(table, c.generation, n), c.rows * codec.WIDTH)
                     for n, _ in c.columns)

    def close(self):
        self.closed = True
        self.changes.close()


def file_crc32(path, length):
    crc = 0
    with open(path, "rb") as f:
        while length > 0:
            b = f.read(min(length, _CHUNK))
            if not b:
                raise CorruptDatabaseError(path, f"ends {length} bytes before its committed rows")
            crc = zlib.crc32(b, crc)
            length -= len(b)
    return crc
