package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * {@link ParquetReadOptions} without Hadoop: its public builder always creates Hadoop's codec
 * factory, so this helper (in the options' package, classpath only, never in a bundle) calls the
 * package-private constructor with our own codec factory and a plain configuration. Same values
 * as the builder's defaults otherwise (filters are irrelevant: nothing is filtered).
 */
public final class BenchReadOptions {
    private BenchReadOptions() {
    }

    public static ParquetReadOptions of(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(false, true, true, true, true, false, true, false, false,
                FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(),
                8 << 20, new HashMap<>(), null, null, new PlainParquetConfiguration());
    }
}
