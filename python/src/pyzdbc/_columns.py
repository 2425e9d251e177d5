"""Column values in and out: encoding Python data into 8-byte values, and mapping committed rows
as read-only numpy arrays (docs/FORMAT.md, sections 1.3 and 1.4; docs/PROTOCOL.md, section 3)."""

import mmap
import os

import numpy as np

from . import _codec as codec
from ._errors import SchemaError, TypeMismatchError

DTYPES = {codec.I64: np.dtype("<i8"), codec.F64: np.dtype("<f8"), codec.STR: np.dtype("S8")}


def map_column(path, rows, code):
    """A read-only array over exactly the committed rows × 8 bytes of path, without a copy. The
    mapping lives as long as the array: a later commit, drop or close does not invalidate it."""
    dtype = DTYPES[code]
    if rows == 0:
        a = np.empty(0, dtype)  # an empty file cannot be mapped
        a.flags.writeable = False
        return a
    fd = os.open(path, os.O_RDONLY)
    try:
        m = mmap.mmap(fd, rows * codec.WIDTH, mmap.MAP_SHARED, mmap.PROT_READ)
    finally:
        os.close(fd)
    return np.frombuffer(m, dtype=dtype, count=rows)


def _strip_tables():
    """Lookup tables over one bit per byte of a value (bit j: byte j), lowest byte first:
    UPTO[m] keeps the bits up to m's highest set bit, KEEP[m] is the u64 mask of the bytes up to it."""
    length = [int(m).bit_length() for m in range(256)]
    upto = np.array([(1 << n) - 1 for n in length], np.uint8)
    keep = np.array([(1 << (8 * n)) - 1 for n in length], np.uint64)
    return upto, keep


_UPTO, _KEEP = _strip_tables()


def nul_padded(raw):
    """The original library's batch-read form of str values: trailing spaces become NULs (a copy).
    Exactly numpy's ``np.char.rstrip(raw, b" ")`` padded back to S8 (trailing NULs, then trailing
    spaces), computed on one bit per byte instead of per element."""
    if len(raw) == 0:
        return np.empty(0, "S8")
    raw = np.ascontiguousarray(raw)
    b = raw.view(np.uint8)
    nonzero = np.packbits(b != 0, bitorder="little")  # bit j of value i: byte j is not NUL
    kept = np.packbits(b != 32, bitorder="little")  # ... byte j is not a space
    kept &= _UPTO[nonzero]  # a space counts only below the value's last non-NUL byte
    out = _KEEP[kept]
    # The masks are native u64: zdbc's platforms are little-endian, as its files are (FORMAT.md §1.4).
    out &= raw.view(np.uint64)
    return out.view("S8")


def space_padded(a):
    """S8 values with their trailing NULs as spaces: ``np.char.ljust(a, 8, b" ")`` (numpy's S type
    drops trailing NULs), computed on one bit per byte."""
    a = np.ascontiguousarray(a, dtype="S8")
    if len(a) == 0:
        return a
    keep = _KEEP[np.packbits(a.view(np.uint8) != 0, bitorder="little")]  # up to the last non-NUL byte
    np.invert(keep, out=keep)
    keep &= _SPACES
    keep |= a.view(np.uint64)
    return keep.view("S8")


_SPACES = np.uint64(0x2020202020202020)


def trimmed_text(raw):
    """str values as Python str: trailing spaces and NULs stripped, broken UTF-8 replaced (a copy)."""
    return np.array([v.rstrip(b" \0").decode("utf-8", "replace") for v in nul_padded(raw).tolist()], dtype=object)


def _str8_of(v, table, column):
    if isinstance(v, bytes):
        enc = v.rstrip(b"\0")
    elif isinstance(v, str):
        enc = v.encode("utf-8")
    elif isinstance(v, (np.bytes_, np.str_)):
        return _str8_of(v.item(), table, column)
    else:
        raise TypeMismatchError(table, column, f"a {type(v).__name__} value ({v!r})", "str")
    if len(enc) > 8:
        # Cut at the last whole character that fits: a multi-byte character is never split.
        cut = 8
        while cut > 0 and (enc[cut] & 0xC0) == 0x80:
            cut -= 1
        enc = enc[:cut]
    return enc.ljust(8, b" ")


def encode_str(values, table, column):
    """8-byte space-padded UTF-8 values, cut at a character boundary (FORMAT.md §1.4)."""
    a = np.asarray(values)
    if a.dtype.kind == "U":
        try:
            a = np.char.encode(a, "ascii")
        except UnicodeEncodeError:
            a = a.astype(object)
    if a.dtype.kind == "S":
        if a.dtype.itemsize > 8:
            if np.any(np.char.str_len(a) > 8) and not _ascii(a):
                return _encode_objects(a.astype(object), table, column)
            a = a.astype("S8")  # ASCII: cutting at 8 bytes never splits a character
        # Trailing NULs are padding in numpy's S type (and in the original library's batch reads):
        # spaces on disk.
        return space_padded(a.astype("S8", copy=False))
    if a.dtype.kind == "O":
        values = a.tolist()
        if set(map(type, values)) == {str}:
            try:
                return encode_str(np.array(values, dtype="S8"), table, column)  # ASCII only: cut at 8 bytes
            except UnicodeEncodeError:
                pass
        return _encode_objects(a, table, column)
    raise TypeMismatchError(table, column, f"{a.dtype} values", "str")


def _ascii(a):
    return not np.any(a.view(np.uint8) >= 0x80)


def _encode_objects(a, table, column):
    return np.array([_str8_of(v, table, column) for v in a.reshape(-1).tolist()], dtype="S8")


def encode(values, code, table, column):
    """A contiguous array of 8-byte values of the column's type, or a TypeMismatchError."""
    a = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object if code == codec.STR else None)
    if a.ndim != 1:
        raise SchemaError(f"column '{column}' of table '{table}' needs 1-dimensional data, got shape {a.shape}",
                          table, column)
    if a.size == 0:
        return np.empty(0, DTYPES[code])  # [] has no type of its own
    if code == codec.STR:
        return encode_str(a, table, column)
    kind = a.dtype.kind
    if code == codec.I64:
        if kind in "ib" or (kind == "u" and (a.size == 0 or a.max() <= np.iinfo(np.int64).max)):
            return np.ascontiguousarray(a, dtype="<i8")
        if kind == "O" and all(isinstance(v, (int, np.integer)) for v in a.tolist()):
            try:
                return np.ascontiguousarray(np.array(a.tolist(), dtype="<i8"))
            except OverflowError:
                pass
        raise TypeMismatchError(table, column, f"{a.dtype} values", "i64")
    if kind in "fiub" or (kind == "O" and all(isinstance(v, (int, float, np.number)) for v in a.tolist())):
        return np.ascontiguousarray(a, dtype="<f8")
    raise TypeMismatchError(table, column, f"{a.dtype} values", "f64")


def infer_type(values):
    """The column type of data written to a new table, as the original library chose it."""
    a = np.asarray(values)
    if a.dtype.kind in "iub":
        return codec.I64
    if a.dtype.kind == "f":
        return codec.F64
    return codec.STR


def as_columns(data, table):
    """An ordered {name: 1-d values} from a pandas or polars DataFrame, a pyarrow Table or a mapping."""
    if isinstance(data, dict):
        return {str(k): v for k, v in data.items()}
    if hasattr(data, "columns") and hasattr(data, "to_numpy"):  # pandas or polars (never computing dtypes)
        return {str(c): data[c].to_numpy() for c in data.columns}
    if hasattr(data, "column_names") and hasattr(data, "column"):  # pyarrow Table
        return {c: data.column(c).to_numpy() for c in data.column_names}
    if not hasattr(data, "items"):
        raise SchemaError(f"data for table '{table}' must be a DataFrame or a dict of arrays, "
                          f"not {type(data).__name__}", table)
    return {str(k): v for k, v in data.items()}


def row_count(table, cols):
    """The common length of the columns; unequal lengths are an error naming the table and columns."""
    lengths = {}
    for name, v in cols.items():
        a = v if hasattr(v, "__len__") and hasattr(v, "shape") else np.asarray(v)
        if getattr(a, "ndim", 1) != 1:
            raise SchemaError(f"column '{name}' of table '{table}' needs 1-dimensional data, got shape {a.shape}",
                              table, name)
        lengths[name] = len(a)
    if len(set(lengths.values())) > 1:
        desc = ", ".join(f"'{n}': {k}" for n, k in lengths.items())
        raise SchemaError(f"columns of table '{table}' have unequal lengths ({desc})", table)
    return next(iter(lengths.values()), 0)
