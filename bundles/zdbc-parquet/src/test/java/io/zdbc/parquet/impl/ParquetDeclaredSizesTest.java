package io.zdbc.parquet.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.format.ColumnMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes and counts a corrupt file declares (found by ParquetImportFuzzTest) are checked before
 * parquet-java allocates them: a clear error naming the file, and no allocation of that size.
 */
class ParquetDeclaredSizesTest {
    private static final long BOUND = 64 << 20;

    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** 300 rows in pages of 30, with a dictionary-encoded string column. */
    private byte[] exported(String codec) throws IOException {
        long[] id = new long[300];
        String[] k = new String[300];
        for (int i = 0; i < id.length; i++) {
            id[i] = i;
            k[i] = "k" + i % 5;
        }
        db.write("src", Batch.builder().i64("id", id).str("k", k).build());
        Path f = dir.resolve(codec + ".parquet");
        new ParquetConnector(100, 30)
                .exportTable(db, "src", f, TransferOptions.defaults().withCompression(codec));
        return Files.readAllBytes(f);
    }

    /** Imports {@code bytes}: it must fail naming the file, allocating less than {@link #BOUND} bytes. */
    private ZdbcException rejected(byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve("bad.parquet"), bytes);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> new ParquetConnector().importFile(f, db, "t", TransferOptions.defaults()));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < BOUND, "allocated " + allocated + " bytes: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertFalse(db.exists("t"));
        return e;
    }

    @Test
    void aColumnChunkLargerThanTheFileIsRejectedUnallocated() throws IOException {
        byte[] b = ParquetMutations.withFooterChanged(
                exported("snappy"),
                m -> m.getRow_groups().get(1).getColumns().get(0).getMeta_data().setTotal_compressed_size(1L << 32));
        String m = rejected(b).getMessage();
        assertTrue(m.contains("row group 2 of 3, column 'id'") && m.contains(Long.toString(1L << 32)), m);
    }

    @Test
    void aV2PageWhoseLevelsOutgrowThePageIsRejectedUnallocated() throws IOException {
        byte[] b = ParquetMutations.withPageChanged(
                exported("snappy"),
                h -> h.isSetData_page_header_v2()
                        && h.getData_page_header_v2().setDefinition_levels_byte_length(Integer.MAX_VALUE) != null);
        String m = rejected(b).getMessage();
        assertTrue(m.contains("levels") && m.contains(Integer.toString(Integer.MAX_VALUE)), m);
    }

    @Test
    void aPageDeclaringMoreBytesThanItsSnappyDataHoldsIsRejectedUnallocated() throws IOException {
        byte[] b = ParquetMutations.withPageChanged(
                exported("snappy"),
                h -> h.isSetData_page_header_v2() && h.setUncompressed_page_size(Integer.MAX_VALUE) != null);
        String m = rejected(b).getMessage();
        assertTrue(m.contains("SNAPPY page declares " + Integer.MAX_VALUE), m);
    }

    @Test
    void aDictionaryPageDeclaringMoreValuesThanBytesIsRejectedUnallocated() throws IOException {
        byte[] b = ParquetMutations.withPageChanged(
                exported("none"),
                h -> h.isSetDictionary_page_header()
                        && h.getDictionary_page_header().setNum_values(Integer.MAX_VALUE) != null);
        String m = rejected(b).getMessage();
        assertTrue(m.contains("dictionary page declares " + Integer.MAX_VALUE + " values"), m);
    }

    @Test
    void aChunkWhoseValueCountIsWrongIsReportedAsCorruptNotAsAReplacedBundle() throws IOException {
        byte[] b = ParquetMutations.withFooterChanged(exported("none"), m -> {
            ColumnMetaData c = m.getRow_groups().get(0).getColumns().get(0).getMeta_data();
            c.setNum_values(c.getNum_values() - 1);
        });
        ZdbcException e = rejected(b);
        assertFalse(e instanceof ServiceUnavailableException, e.toString());
        assertTrue(e.getMessage().contains("row group 1 of 3") && e.getMessage().contains("corrupt"), e.getMessage());
    }
}
