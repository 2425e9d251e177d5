package io.zdbc.spi;

import io.zdbc.api.ColumnData;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/** Maps column files for reading and encodes column values into files. */
@ConsumerType
public interface ColumnIO {
    /**
     * Maps the first {@code length} bytes of {@code file} read-only. Never maps past the file's
     * end: a file shorter than {@code length} is an {@link io.zdbc.api.CorruptDatabaseException}.
     * The region starts with one reference, owned by the caller.
     */
    MappedRegion map(Path file, long length) throws IOException;

    /** Writes {@code data}'s values little-endian at the channel's position. */
    void write(FileChannel channel, ColumnData data) throws IOException;
}
