package io.zdbc.spi;

/**
 * What an import or export did.
 *
 * @param rows    rows moved
 * @param trimmed str values longer than 8 bytes that were trimmed
 * @param empty   empty numeric fields stored as 0 (i64) or NaN (f64)
 */
public record TransferReport(String table, long rows, long trimmed, long empty) {
}
