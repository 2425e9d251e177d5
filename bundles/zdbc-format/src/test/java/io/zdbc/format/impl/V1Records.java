package io.zdbc.format.impl;

import io.zdbc.format.impl.CommitCodec.Commit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The version 1 commit record ("ZDBCCMT1", no column checksums), as zdbc wrote it before version 2. */
final class V1Records {
    private V1Records() {}

    static byte[] encode(Commit c) {
        LeWriter w = new LeWriter()
                .bytes(CommitCodec.MAGIC_V1)
                .u32(c.flags())
                .u64(c.version())
                .u64(c.generation())
                .u64(c.rows());
        SchemaCodec.writeColumns(w, c.columns());
        byte[] body = w.toByteArray();
        return new LeWriter()
                .bytes(body)
                .u32(CommitCodec.crc(body, body.length))
                .toByteArray();
    }

    /** Rewrites every commit record of the database as version 1, with {@code flags}; returns the records. */
    static List<Path> downgrade(Path registry, int flags) throws IOException {
        Path tables = new Layout(registry).tablesDir();
        List<Path> records;
        try (Stream<Path> dirs = Files.list(tables)) {
            records = dirs.map(d -> d.resolve("commit")).filter(Files::exists).toList();
        }
        for (Path f : records) {
            Commit c = CommitCodec.decode(f, Files.readAllBytes(f));
            Files.write(f, encode(c.withFlags(flags)));
        }
        return records;
    }
}
