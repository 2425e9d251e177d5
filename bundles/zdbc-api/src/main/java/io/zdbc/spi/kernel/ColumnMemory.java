package io.zdbc.spi.kernel;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Raw access to a column's values for kernels: either the native address of a mapped file's
 * first value, or the heap array of an owned copy. Every {@link ColumnView} zdbc hands out is one.
 *
 * <p>The memory is valid only while the view is open; a kernel reads exactly {@code rows() * 8}
 * bytes from {@link #address()} and keeps nothing after it returns. Values are little-endian.
 */
@ProviderType
public interface ColumnMemory {
    ColumnType type();

    long rows();

    /** Native address of row 0, or 0 when the values are on the heap ({@link #heapArray()}). */
    long address();

    /** {@code long[]}, {@code double[]} or packed {@code byte[]} (str) of a heap column, else null. */
    Object heapArray();

    /** The memory behind a view handed out by zdbc. */
    static ColumnMemory of(ColumnView view) {
        if (view instanceof ColumnMemory) {
            return (ColumnMemory) view;
        }
        throw new IllegalArgumentException(view + " is not a zdbc column view");
    }
}
