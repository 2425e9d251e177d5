package io.zdbc.spi;

import io.zdbc.api.ColumnView;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Aggregations over column views, run on mapped memory. Implementations are ranked by the
 * service ranking; the highest one that is present is used.
 */
@ConsumerType
public interface Kernels {
    String name();

    /** Sum of an i64 column; wraps on overflow (two's complement), like Java's {@code long} addition. */
    long sumLong(ColumnView column);

    /** Sum of an f64 column (NaN if any value is NaN). */
    double sumDouble(ColumnView column);

    /** Σ price·volume / Σ volume over two f64 or i64 columns of equal length (NaN if Σ volume is 0). */
    double vwap(ColumnView price, ColumnView volume);
}
