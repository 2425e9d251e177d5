package io.zdbc.spi.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ZdbcException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules every import shares: nulls counted or, when strict, rejected in the connector's words;
 * all of its columns' buffers taken as one batch and what they counted reported.
 */
class ColumnBufferTest {
    private final ColumnBuffer id = new ColumnBuffer(new ColumnDef("id", ColumnType.I64), 4, false);
    private final ColumnBuffer price = new ColumnBuffer(new ColumnDef("price", ColumnType.F64), 4, false);
    private final ColumnBuffer name = new ColumnBuffer(new ColumnDef("name", ColumnType.STR), 4, false);

    private void row(long i, double p, String n) {
        id.addLong(i);
        price.addDouble(p);
        name.addString(n);
    }

    @Test
    void strictRejectsANullWithTheDefaultMessageOrTheConnectorsOwn() {
        ColumnBuffer strict = new ColumnBuffer(new ColumnDef("price", ColumnType.F64), 4, true);
        ZdbcException e = assertThrows(ZdbcException.class, () -> strict.addNull(17));
        assertEquals(
                "column 'price': null value at row 17 (strict mode rejects nulls; without it they are stored as"
                        + " NaN)",
                e.getMessage());
        e = assertThrows(
                ZdbcException.class,
                () -> strict.addNull(3, (column, line) -> "line " + line + ": " + column.name() + " is empty"));
        assertEquals("line 3: price is empty", e.getMessage());
        assertEquals(0, strict.size());
        assertEquals(0, strict.nulls());
    }

    @Test
    void withoutStrictANullIsStoredAndCountedWhateverTheRejectionSays() {
        price.addNull(1, (column, line) -> {
            throw new AssertionError("not strict: no message wanted");
        });
        price.addDouble(2.5);
        assertEquals(1, price.nulls());
        assertArrayEquals(new double[] {Double.NaN, 2.5}, price.take().doubles());
    }

    @Test
    void takeBatchTakesEveryBufferInOrderAndStartsThemOver() {
        row(1, 1.5, "a");
        row(2, 2.5, "much longer");
        Batch b = ColumnBuffer.takeBatch(id, price, name);
        assertEquals(2, b.rows());
        assertEquals(
                List.of("id", "price", "name"),
                b.defs().stream().map(ColumnDef::name).toList());
        assertArrayEquals(new long[] {1, 2}, b.column("id").longs());
        assertArrayEquals(new double[] {1.5, 2.5}, b.column("price").doubles());
        assertEquals(0, id.size() + price.size() + name.size());

        row(3, 3.5, "c");
        assertArrayEquals(
                new long[] {3},
                ColumnBuffer.takeBatch(id, price, name).column("id").longs());
    }

    @Test
    void reportSumsTrimmedAndNullsOverAllBuffersAndBatches() {
        row(1, 1.5, "much longer");
        id.addNull(2);
        price.addNull(2);
        name.addString("also too long");
        ColumnBuffer.takeBatch(id, price, name);
        row(3, 3.5, "c");
        name.addNull(4);
        id.addLong(4);
        price.addDouble(4);

        assertEquals(new TransferReport("t", 4, 2, 3, 5), ColumnBuffer.report("t", 4, 5, id, price, name));
        assertEquals(new TransferReport("t", 0, 0, 0, 0), ColumnBuffer.report("t", 0, 0));
    }

    @Test
    void bulkAddsCopyLittleEndianWordsFromTheBufferPosition() {
        ByteBuffer src = ByteBuffer.allocateDirect(32).order(ByteOrder.LITTLE_ENDIAN);
        src.putLong(0, 99).putLong(8, -5).putLong(16, Long.MIN_VALUE).putDouble(24, -0.0);
        ColumnBuffer longs = new ColumnBuffer(new ColumnDef("l", ColumnType.I64), 4, false);
        longs.addLong(1);
        longs.addLongs(src.position(8), 2);
        assertEquals(1, longs.remaining());
        assertEquals(8, src.position());
        assertArrayEquals(new long[] {1, -5, Long.MIN_VALUE}, longs.take().longs());
        ColumnBuffer doubles = new ColumnBuffer(new ColumnDef("d", ColumnType.F64), 2, false);
        doubles.addDoubles(src.position(24), 1);
        assertEquals(
                Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(doubles.take().doubles()[0]));
    }
}
