package io.zdbc.spi;

import io.zdbc.api.OpenOptions;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/** An on-disk layout with its commit protocol. The built-in one is {@code zdbc} (docs/FORMAT.md). */
@ConsumerType
public interface StorageFormat {
    /** Service property naming the format. */
    String FORMAT_PROPERTY = "zdbc.format";

    String name();

    /** Opens the database whose registry file is {@code registry}, recovering an interrupted commit. */
    Storage open(Path registry, OpenOptions options, ColumnIO io);
}
