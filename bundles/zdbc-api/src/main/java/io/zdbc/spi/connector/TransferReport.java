package io.zdbc.spi.connector;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What an import or export did.
 *
 * @param rows    rows moved
 * @param trimmed str values longer than 8 bytes that were trimmed
 * @param nulls   null (or, in CSV, empty numeric) values stored as the type's null value:
 *                0 for i64, NaN for f64, 8 spaces for str (docs/CONNECTORS.md)
 * @param skipped malformed rows skipped (only with {@link TransferOptions#skipBadRows()})
 */
@ProviderType
public record TransferReport(String table, long rows, long trimmed, long nulls, long skipped) {}
