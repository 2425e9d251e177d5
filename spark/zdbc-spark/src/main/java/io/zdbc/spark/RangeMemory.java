package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.spi.kernel.ColumnMemory;

/** Rows {@code [from, from + rows)} of a mapped column, for kernels that read rows {@code [0, rows)}. */
final class RangeMemory implements ColumnMemory {
    private final ColumnMemory column;
    private final long from;
    private final long rows;

    RangeMemory(ColumnView view, long from, long rows) {
        this.column = ColumnMemory.of(view);
        if (from < 0 || rows < 0 || from + rows > view.rows()) {
            throw new IllegalArgumentException("rows [" + from + ", " + (from + rows) + ") of column '" + view.name()
                    + "' with " + view.rows() + " rows");
        }
        if (column.address() == 0 && view.rows() > 0) {
            throw new IllegalArgumentException("column '" + view.name() + "' is not mapped");
        }
        this.from = from;
        this.rows = rows;
    }

    @Override
    public ColumnType type() {
        return column.type();
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long address() {
        return column.address() + from * ColumnType.WIDTH;
    }

    @Override
    public Object heapArray() {
        return null;
    }
}
