package io.zdbc.spi;

import io.zdbc.api.Database;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Imports files of one format into tables and exports tables to it. */
@ConsumerType
public interface Connector {
    /** Service property naming the format, e.g. {@code csv}. */
    String FORMAT_PROPERTY = "zdbc.connector.format";

    /** The format's name, e.g. {@code csv}, {@code parquet}. */
    String format();

    /** File name extensions this connector handles, lower case without the dot. */
    List<String> extensions();

    TransferReport importFile(Path source, Database db, String table, TransferOptions options);

    TransferReport exportTable(Database db, String table, Path target, TransferOptions options);
}
