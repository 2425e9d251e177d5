"""Writes the Feather/Arrow IPC fixtures FeatherFixturesTest reads (written by pyarrow, not by us).

Run from this directory with a Python that has pyarrow and numpy:
    /tmp/venv/bin/python make_fixtures.py
The files are small and committed; rerun only when changing the fixtures (and the test's
expected values with them).
"""
import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc

I64_MIN, I64_MAX = -(2**63), 2**63 - 1


def types_table():
    n = None
    cols = {
        "i8": pa.array([-128, 127, n, 0, -1], pa.int8()),
        "i16": pa.array([-32768, 32767, n, 1, -1], pa.int16()),
        "i32": pa.array([-(2**31), 2**31 - 1, n, 2, -1], pa.int32()),
        "i64": pa.array([I64_MIN, I64_MAX, n, 0, -1], pa.int64()),
        "u8": pa.array([0, 255, n, 1, 2], pa.uint8()),
        "u16": pa.array([0, 65535, n, 1, 2], pa.uint16()),
        "u32": pa.array([0, 2**32 - 1, n, 1, 2], pa.uint32()),
        "u64": pa.array([0, 2**64 - 1, n, 2**63, 1], pa.uint64()),
        "b": pa.array([True, False, n, True, False], pa.bool_()),
        "f16": pa.array(np.array([1.5, -0.0, 0, np.inf, 65504], dtype=np.float16),
                        pa.float16(), mask=np.array([False, False, True, False, False])),
        "f32": pa.array([1.5, 0.1, n, float("-inf"), float("nan")], pa.float32()),
        "f64": pa.array([1.5, -0.0, n, 5e-324, float("nan")], pa.float64()),
        "dec": pa.array([Decimal("1.234"), Decimal("-0.001"), n, Decimal("9999999.999"), Decimal("0.1")],
                        pa.decimal128(10, 3)),
        "dec256": pa.array([Decimal("12345678901234567890.5"), Decimal("-1"), n, Decimal("0"), Decimal("0.5")],
                           pa.decimal256(40, 1)),
        "d32": pa.array([dt.date(1970, 1, 1), dt.date(2024, 2, 29), n, dt.date(1969, 12, 31), dt.date(1, 1, 1)],
                        pa.date32()),
        "d64": pa.array([0, 86400000 * 19782, n, -86400000, 86400000 * 2], pa.date64()),
        "ts_s": pa.array([0, 1700000000, n, -1, 1], pa.timestamp("s", tz="UTC")),
        "ts_ms": pa.array([0, 1700000000123, n, -1, 1], pa.timestamp("ms", tz="Europe/Paris")),
        "ts_us": pa.array([0, 1700000000123456, n, -1, 1], pa.timestamp("us")),
        "ts_ns": pa.array([0, 1700000000123456789, n, -1, 1999], pa.timestamp("ns", tz="America/New_York")),
        "t32s": pa.array([0, 86399, n, 1, 3600], pa.time32("s")),
        "t32ms": pa.array([0, 86399999, n, 1, 3600000], pa.time32("ms")),
        "t64us": pa.array([0, 86399999999, n, 1, 3600000000], pa.time64("us")),
        "t64ns": pa.array([0, 86399999999999, n, 1999, 3600000000000], pa.time64("ns")),
        "dur_s": pa.array([0, -5, n, 1, 86400], pa.duration("s")),
        "dur_ms": pa.array([0, -5, n, 1, 86400000], pa.duration("ms")),
        "dur_us": pa.array([0, -5, n, 1, 86400000000], pa.duration("us")),
        "dur_ns": pa.array([0, -5001, n, 1999, 86400000000000], pa.duration("ns")),
        "s": pa.array(["a", "", n, "ünïcödé", "abcdefghij"], pa.string()),
        "ls": pa.array(["large", "12345678", n, "€€€", "x"], pa.large_string()),
        "bin": pa.array([b"raw", b"", n, b"0123456789", b"z"], pa.binary()),
        "lbin": pa.array([b"big", b"b", n, b"", b"123456789"], pa.large_binary()),
        "fsb": pa.array([b"abc", b"def", n, b"ghi", b"jkl"], pa.binary(3)),
        "dict": pa.DictionaryArray.from_arrays(pa.array([0, 1, n, 0, 2], pa.int8()),
                                               pa.array(["x", "yy", "long-dictionary-value"])),
        "dict32": pa.DictionaryArray.from_arrays(pa.array([2, n, 1, 0, 2], pa.int32()),
                                                 pa.array(["p", "q", "r"], pa.large_string())),
    }
    return pa.table(cols)


def main():
    t = types_table()
    # chunksize=3: two record batches (3 + 2 rows), so batches are joined and cut on import.
    feather.write_feather(t, "types.feather", compression="uncompressed", chunksize=3)
    feather.write_feather(t, "types-zstd.feather", compression="zstd", chunksize=3)
    feather.write_feather(t, "types-lz4.feather", compression="lz4", chunksize=3)
    with ipc.new_stream("types.arrows", t.schema) as w:
        for b in t.to_batches(max_chunksize=3):
            w.write_batch(b)
    # string_view / binary_view (Arrow 1.4 view types): a separate file, as older readers lack them.
    views = pa.table({
        "sv": pa.array(["short", "a longer string view", None, "", "ünïcödé"], pa.string_view()),
        "bv": pa.array([b"x", b"0123456789abcdef", None, b"", b"yz"], pa.binary_view()),
    })
    feather.write_feather(views, "views.feather", compression="uncompressed")
    nested = pa.table({
        "id": pa.array([1, 2, 3], pa.int64()),
        "tags": pa.array([[1, 2], [], None], pa.list_(pa.int64())),
        "name": pa.array(["a", "b", "c"], pa.string()),
    })
    feather.write_feather(nested, "nested.feather", compression="uncompressed")
    # Feather v1 (the pre-Arrow-IPC format): must be rejected clearly.
    feather.write_feather(pa.table({"x": pa.array([1, 2], pa.int64())}), "v1.feather", version=1)


if __name__ == "__main__":
    main()
