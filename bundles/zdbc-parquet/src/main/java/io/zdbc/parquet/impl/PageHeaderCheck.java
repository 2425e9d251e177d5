package io.zdbc.parquet.impl;

import io.zdbc.api.ZdbcException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the page headers of the column chunks an import will read and checks the sizes they
 * declare against the chunk that holds them, before parquet-java allocates buffers of those sizes
 * (a v2 page's level lengths, for one, are read as they are declared).
 */
final class PageHeaderCheck {
    private PageHeaderCheck() {}

    static void check(Path file, List<BlockMetaData> groups, MessageType projection) throws IOException {
        Set<ColumnPath> wanted = new HashSet<>();
        projection.getColumns().forEach(c -> wanted.add(ColumnPath.get(c.getPath())));
        try (SeekableInputStream in = new LocalInputFile(file).newStream()) {
            for (int g = 0; g < groups.size(); g++) {
                for (ColumnChunkMetaData c : groups.get(g).getColumns()) {
                    if (wanted.contains(c.getPath())) {
                        String where = "row group " + (g + 1) + " of " + groups.size() + ", column '"
                                + c.getPath().toDotString() + "'";
                        checkChunk(in, c.getStartingPos(), c.getStartingPos() + c.getTotalSize(), where);
                    }
                }
            }
        }
    }

    private static void checkChunk(SeekableInputStream in, long at, long end, String where) throws IOException {
        while (at < end) {
            in.seek(at);
            PageHeader h;
            try {
                h = Util.readPageHeader(in);
            } catch (IOException e) {
                throw new ZdbcException(
                        where + ": the page header at offset " + at + " cannot be read (corrupt file): "
                                + e.getMessage(),
                        e);
            }
            long body = in.getPos();
            int compressed = h.getCompressed_page_size();
            if (compressed < 0 || h.getUncompressed_page_size() < 0 || compressed > end - body) {
                throw new ZdbcException(where + ": the page at offset " + at + " declares " + compressed
                        + " compressed and " + h.getUncompressed_page_size() + " uncompressed bytes, but "
                        + (end - body) + " bytes of its column chunk remain (corrupt file)");
            }
            if (h.isSetData_page_header_v2()) {
                DataPageHeaderV2 v2 = h.getData_page_header_v2();
                long levels = (long) v2.getDefinition_levels_byte_length() + v2.getRepetition_levels_byte_length();
                if (v2.getDefinition_levels_byte_length() < 0
                        || v2.getRepetition_levels_byte_length() < 0
                        || levels > compressed) {
                    throw new ZdbcException(where + ": the v2 page at offset " + at + " declares "
                            + v2.getDefinition_levels_byte_length() + " + " + v2.getRepetition_levels_byte_length()
                            + " bytes of levels in a page of " + compressed + " bytes (corrupt file)");
                }
            }
            at = body + compressed;
        }
    }
}
