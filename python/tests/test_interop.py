"""Arrow, polars, pandas and DuckDB over a table: numeric columns without a copy, str as trimmed text."""

import numpy as np
import pytest

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")


@pytest.fixture
def t(db):
    db.write_table("trades", {"sym": ["AAPL", "Zoë", "abcdefghij"], "price": [1.5, 2.5, np.nan],
                              "volume": np.array([10, 20, 30], dtype=np.int64)})
    return db.table("trades")


def address(a):
    return a.__array_interface__["data"][0]


def test_to_arrow_wraps_the_mapping_and_trims_strings(t, db):
    table = t.to_arrow()
    assert table.column_names == ["sym", "price", "volume"]
    assert table.column("sym").to_pylist() == ["AAPL", "Zoë", "abcdefgh"]
    vol = table.column("volume").chunk(0)
    assert vol.buffers()[1].address == address(db.read_column("trades", "volume"))
    assert table.column("price").to_pylist()[:2] == [1.5, 2.5]


def test_to_polars_and_to_pandas_share_memory_for_numeric_columns(t, db):
    frame = t.to_polars()
    assert frame["sym"].to_list() == ["AAPL", "Zoë", "abcdefgh"]
    assert frame["volume"].to_list() == [10, 20, 30]
    assert np.shares_memory(frame["volume"].to_numpy(), db.read_column("trades", "volume"))
    pdf = t.to_pandas()
    assert list(pdf["sym"]) == ["AAPL", "Zoë", "abcdefgh"]
    assert np.shares_memory(pdf["price"].to_numpy(), db.read_column("trades", "price"))


def test_a_filtered_frame_converts_only_its_rows(t):
    assert t[t["volume"] > 10].to_arrow().column("volume").to_pylist() == [20, 30]


def test_the_arrow_c_stream_protocol_feeds_polars_and_duckdb(t):
    duckdb = pytest.importorskip("duckdb")
    assert pl.DataFrame(t)["volume"].to_list() == [10, 20, 30]
    reader = pa.RecordBatchReader.from_stream(t)
    assert reader.read_all().num_rows == 3
    trades = t  # noqa: F841 (DuckDB finds the frame by its variable name)
    assert duckdb.sql("SELECT sum(volume) AS v, count(*) AS n FROM trades WHERE sym <> 'AAPL'").fetchall() == [(50, 2)]
