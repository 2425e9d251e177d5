package io.zdbc.spi;

/** What an import or export did: rows moved and str values trimmed to 8 bytes. */
public record TransferReport(String table, long rows, long trimmed) {
}
