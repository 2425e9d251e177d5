package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * zdbc's way to {@link ParquetReadOptions} without Hadoop. Every {@code ParquetReadOptions.Builder}
 * constructor creates parquet-java's Hadoop codec factory first (NoClassDefFoundError without
 * Hadoop), so this helper lives in the options' package, inside the
 * zdbc Parquet bundle that inlines parquet-java, and calls the package-private constructor directly.
 * Not API: only io.zdbc.parquet.impl uses it, and the Parquet peer of {@code zdbc bench}, so both read alike.
 */
public final class ZdbcReadOptions {
    private ZdbcReadOptions() {}

    /**
     * Options for a plain read of every row: no filters, heap buffers, page CRCs checked when
     * present, pages decompressed by {@code codecs}.
     */
    public static ParquetReadOptions of(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // useSignedStringMinMax
                false, // useStatsFilter
                false, // useDictionaryFilter
                false, // useRecordFilter
                false, // useColumnIndexFilter
                true, // usePageChecksumVerification
                false, // useBloomFilter
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo
                null, // recordFilter
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                8 << 20, // maxAllocationSize, parquet-java's default
                Map.of(),
                null, // fileDecryptionProperties
                null, // metricsCallback
                new PlainParquetConfiguration());
    }
}
