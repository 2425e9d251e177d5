"""Encoders and decoders of zdbc's files (docs/FORMAT.md, sections 1.1, 1.2, 1.5 and 1.6).

Every integer is little-endian; a decoding failure is a CorruptDatabaseError naming the file and
what is wrong."""

import struct
from collections import namedtuple

from ._errors import CorruptDatabaseError

I64, F64, STR = 0, 1, 2
TYPE_NAMES = {I64: "i64", F64: "f64", STR: "str"}
TYPE_CODES = {v: k for k, v in TYPE_NAMES.items()}
WIDTH = 8
MAX_ROWS = (2**63 - 1) // WIDTH

COMMIT_MAGIC_V1 = b"ZDBCCMT1"
COMMIT_MAGIC_V2 = b"ZDBCCMT2"
INTENT_MAGIC = b"ZDBCINT1"
FLAG_PENDING_CREATE = 1

Commit = namedtuple("Commit", "flags version generation rows columns sums")
Commit.__doc__ = """One committed version of a table; columns are (name, type code) pairs and sums
the per-column CRC-32 of a v2 record (None for v1)."""


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), as java.util.zip.CRC32C computes it; records are small."""
    c = 0xFFFFFFFF
    t = _CRC32C
    for b in data:
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


class _Reader:
    def __init__(self, path, data):
        self.path = path
        self.data = data
        self.pos = 0

    def corrupt(self, problem):
        return CorruptDatabaseError(self.path, problem)

    def remaining(self):
        return len(self.data) - self.pos

    def _take(self, n, what):
        if self.remaining() < n:
            raise self.corrupt(f"truncated at byte {self.pos}: {what} needs {n} bytes, only {self.remaining()} left")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def u8(self, what):
        return self._take(1, what)[0]

    def u32(self, what):
        return struct.unpack("<I", self._take(4, what))[0]

    def u64(self, what):
        return struct.unpack("<Q", self._take(8, what))[0]

    def name(self, what):
        start = self.pos
        n = self.u32(what + " length")
        if n > self.remaining():
            raise self.corrupt(f"{what} at byte {start} claims {n} bytes, only {self.remaining()} left")
        raw = self._take(n, what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.corrupt(f"{what} at byte {start} is not valid UTF-8") from None

    def rows(self):
        rows = self.u64("row count")
        if rows > MAX_ROWS:
            raise self.corrupt(f"row count {rows} is larger than any column file can hold ({MAX_ROWS} rows)")
        return rows

    def columns(self):
        count = self.u32("column count")
        if count > self.remaining() // 5:
            raise self.corrupt(f"column count {count} is impossible with {self.remaining()} bytes left")
        cols, seen = [], set()
        for i in range(count):
            name = self.name(f"column name #{i}")
            if "\0" in name:
                raise self.corrupt(f"column name #{i} contains a NUL byte, which no file name can hold")
            code = self.u8(f"type of column '{name}'")
            if code not in TYPE_NAMES:
                raise self.corrupt(f"column '{name}' has unknown type byte {code} (expected 0=i64, 1=f64, 2=str)")
            if name in seen:
                raise self.corrupt(f"column '{name}' is listed twice")
            seen.add(name)
            cols.append((name, code))
        return tuple(cols)


def _name(s):
    b = s.encode("utf-8")
    return struct.pack("<I", len(b)) + b


def _columns(columns):
    out = [struct.pack("<I", len(columns))]
    for name, code in columns:
        out.append(_name(name) + bytes([code]))
    return b"".join(out)


def encode_registry(tables):
    return struct.pack("<I", len(tables)) + b"".join(_name(t) for t in tables)


def decode_registry(path, data):
    r = _Reader(path, data)
    if len(data) < 4:
        raise r.corrupt("truncated at byte 0: table count needs 4 bytes, the registry has " + str(len(data)))
    count = r.u32("table count")
    if count > r.remaining() // 4:
        raise r.corrupt(f"table count {count} is impossible for a {len(data)}-byte registry")
    tables, seen = [], set()
    for i in range(count):
        start = r.pos
        if r.remaining() < 4:
            raise r.corrupt(f"table name #{i} at byte {start} is truncated")
        n = r.u32("table name length")
        if n > r.remaining():
            raise r.corrupt(f"table name #{i} claims {n} bytes, only {r.remaining()} left")
        raw = r._take(n, "table name")
        try:
            t = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise r.corrupt(f"table name #{i} at byte {start} is not valid UTF-8") from None
        if "\0" in t:
            raise r.corrupt(f"table name #{i} contains a NUL byte, which no file name can hold")
        if t in seen:
            raise r.corrupt(f"table '{t}' is listed twice")
        seen.add(t)
        tables.append(t)
    if r.remaining():
        raise r.corrupt(f"{r.remaining()} unexpected bytes after the last table name")
    return tables


def encode_schema(rows, columns):
    return struct.pack("<Q", rows) + _columns(columns)


def decode_schema(path, data):
    """(rows, columns) of a <table>.schema file."""
    r = _Reader(path, data)
    rows = r.rows()
    cols = r.columns()
    if r.remaining():
        raise r.corrupt(f"{r.remaining()} unexpected bytes after the last column")
    return rows, cols


def encode_commit(c):
    """Always the v2 record: the v1 layout plus one CRC-32 per column before the record's CRC-32C."""
    body = (COMMIT_MAGIC_V2 + struct.pack("<IQQQ", c.flags, c.version, c.generation, c.rows)
            + _columns(c.columns) + struct.pack(f"<{len(c.columns)}I", *c.sums))
    return body + struct.pack("<I", crc32c(body))


def decode_commit(path, data):
    r = _Reader(path, data)
    if len(data) < 12:
        raise r.corrupt(f"truncated: {len(data)} bytes is too short for a commit record")
    magic = bytes(data[:8])
    if magic not in (COMMIT_MAGIC_V1, COMMIT_MAGIC_V2):
        raise r.corrupt("not a zdbc commit record (bad magic)")
    body = len(data) - 4
    if struct.unpack_from("<I", data, body)[0] != crc32c(data[:body]):
        raise r.corrupt("checksum mismatch")
    r.data = data[:body]
    r.pos = 8
    flags = r.u32("flags")
    version = r.u64("version")
    generation = r.u64("generation")
    rows = r.rows()
    cols = r.columns()
    sums = None
    if magic == COMMIT_MAGIC_V2:
        sums = tuple(r.u32(f"checksum of column '{n}'") for n, _ in cols)
    if r.remaining():
        raise r.corrupt(f"{r.remaining()} unexpected bytes before the checksum")
    return Commit(flags, version, generation, rows, cols, sums)


def encode_intent(table, previous_columns):
    body = INTENT_MAGIC + _name(table) + struct.pack("<I", len(previous_columns)) + b"".join(
        _name(c) for c in previous_columns)
    return body + struct.pack("<I", crc32c(body))


def decode_intent_or_none(path, data):
    """(table, previous columns), or None for a torn or garbage intent (PROTOCOL.md, section 2)."""
    try:
        if len(data) < 12 or data[:8] != INTENT_MAGIC:
            return None
        body = len(data) - 4
        if struct.unpack_from("<I", data, body)[0] != crc32c(data[:body]):
            return None
        r = _Reader(path, data[:body])
        r.pos = 8
        table = r.name("table")
        cols = [r.name("column") for _ in range(r.u32("column count"))]
        return table, cols
    except Exception:
        return None
