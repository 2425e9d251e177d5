package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.TableInfo;
import io.zdbc.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.FlightClient.ClientStreamListener;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DoPut: each upload is one commit, or nothing when it is cancelled or has a bad batch. */
class DoPutTest {
    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("sym", ArrowType.Utf8.INSTANCE),
            Field.nullable("price", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    ServerFixture f;
    VectorSchemaRoot root;

    @BeforeEach
    void start() {
        f = new ServerFixture(0);
        root = VectorSchemaRoot.create(SCHEMA, f.allocator);
    }

    @AfterEach
    void stop() throws Exception {
        root.close();
        f.close();
    }

    /** Fills the root with rows {@code [from, from+n)}; row {@code nullAt} (if in range) gets a null sym. */
    void fill(int from, int n, int nullAt) {
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector sym = (VarCharVector) root.getVector("sym");
        Float8Vector price = (Float8Vector) root.getVector("price");
        root.allocateNew();
        for (int i = 0; i < n; i++) {
            id.setSafe(i, from + i);
            if (from + i == nullAt) {
                sym.setNull(i);
            } else {
                sym.setSafe(i, ("s" + (from + i) % 7 + "-longer-than-8").getBytes(StandardCharsets.UTF_8));
            }
            price.setSafe(i, (from + i) * 0.5);
        }
        root.setRowCount(n);
    }

    ClientStreamListener put(FlightDescriptor d) {
        return f.client.startPut(d, root, new AsyncPutListener());
    }

    void upload(FlightDescriptor d, int from, int batches, int rows) {
        ClientStreamListener l = put(d);
        for (int b = 0; b < batches; b++) {
            fill(from + b * rows, rows, -1);
            l.putNext();
        }
        l.completed();
        l.getResult();
    }

    @Test
    void putToAMissingTableCreatesItAndASecondPutAppendsAsOneCommitEach() {
        upload(FlightDescriptor.path("t"), 0, 3, 1_000);
        TableInfo first = f.db.info("t");
        assertEquals(3_000, first.rows());
        assertEquals("[id:i64, sym:str, price:f64]", first.columns().toString());
        upload(FlightDescriptor.path("t"), 3_000, 5, 1_000);
        TableInfo second = f.db.info("t");
        assertEquals(8_000, second.rows());
        assertEquals(first.version() + 1, second.version()); // five batches, one commit
        assertEquals(
                List.of("s5-longe", 7_999 * 0.5),
                List.of(
                        Sql.query(f.db, "SELECT sym FROM t WHERE id = 7999")
                                .collect()
                                .value(),
                        Sql.query(f.db, "SELECT price FROM t WHERE id = 7999")
                                .collect()
                                .value()));
    }

    @Test
    void cancelledUploadCommitsNothingAndTheTableTakesTheNextUpload() {
        upload(FlightDescriptor.path("t"), 0, 1, 100);
        long version = f.db.info("t").version();
        ClientStreamListener l = put(FlightDescriptor.path("t"));
        for (int b = 0; b < 4; b++) {
            fill(100 + b * 100, 100, -1);
            l.putNext();
        }
        l.error(new RuntimeException("client gave up"));
        assertThrows(FlightRuntimeException.class, l::getResult);
        upload(FlightDescriptor.path("t"), 100, 1, 50); // waits for the cancelled write's lock, if still held
        assertEquals(150, f.db.info("t").rows());
        assertEquals(version + 1, f.db.info("t").version());
    }

    @Test
    void aBadBatchAfterGoodOnesCommitsNothingAndSaysWhichColumn() {
        upload(FlightDescriptor.path("t"), 0, 1, 100);
        ClientStreamListener l = put(FlightDescriptor.path("t"));
        fill(100, 100, -1);
        l.putNext();
        fill(200, 100, 250);
        l.putNext();
        l.completed();
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, l::getResult);
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
        assertTrue(e.getMessage().contains("column 'sym'") && e.getMessage().contains("null"), e.getMessage());
        assertEquals(100, f.db.info("t").rows());
    }

    @Test
    void anUploadWhoseColumnsDoNotMatchTheTableIsRefusedWithNothingCommitted() {
        f.db.write(
                "t",
                Batch.builder().i64("id", 1).str("sym", "a").i64("price", 5).build());
        ClientStreamListener l = put(FlightDescriptor.path("t"));
        fill(0, 10, -1);
        l.putNext();
        l.completed();
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, l::getResult);
        assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.status().code());
        assertTrue(e.getMessage().contains("price"), e.getMessage());
        assertEquals(1, f.db.info("t").rows());
    }

    @Test
    void replaceModeSwapsTheTableAndCreateModeRefusesAnExistingOne() {
        upload(FlightDescriptor.path("t"), 0, 2, 100);
        byte[] replace = "{\"table\": \"t\", \"mode\": \"replace\"}".getBytes(StandardCharsets.UTF_8);
        upload(FlightDescriptor.command(replace), 1_000, 1, 10);
        assertEquals(10, f.db.info("t").rows());
        assertEquals(1_000L, Sql.query(f.db, "SELECT min(id) FROM t").collect().value());
        ClientStreamListener l = put(
                FlightDescriptor.command("{\"table\": \"t\", \"mode\": \"create\"}".getBytes(StandardCharsets.UTF_8)));
        fill(0, 1, -1);
        l.putNext();
        l.completed();
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, l::getResult);
        assertEquals(FlightStatusCode.ALREADY_EXISTS, e.status().code());
        assertEquals(10, f.db.info("t").rows());
        assertFalse(f.db.exists("u"));
    }
}
