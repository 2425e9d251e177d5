package io.zdbc.spark;

import java.util.List;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What one write task staged: one file per column, {@code rows} values each, in zdbc's encoding. */
record StagedPart(int partition, long task, List<String> files, long rows) implements WriterCommitMessage {}
