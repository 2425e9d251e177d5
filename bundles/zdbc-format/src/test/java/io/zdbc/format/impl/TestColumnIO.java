package io.zdbc.format.impl;

import io.zdbc.api.ColumnData;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.MappedRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The smallest ColumnIO the storage needs: little-endian writes through the channel. The storage
 * never maps, so {@link #map} is unsupported. Column writes can be routed through a
 * {@link FaultyFileOps} so that a data write can be torn too.
 */
final class TestColumnIO implements ColumnIO {
    private final FaultyFileOps faults;

    TestColumnIO() {
        this(null);
    }

    TestColumnIO(FaultyFileOps faults) {
        this.faults = faults;
    }

    @Override
    public MappedRegion map(Path file, long length) {
        throw new UnsupportedOperationException("the storage layer never maps");
    }

    @Override
    public void write(FileChannel channel, ColumnData data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(data.rows() * 8).order(ByteOrder.LITTLE_ENDIAN);
        switch (data.type()) {
            case I64:
                buf.asLongBuffer().put(data.longs());
                break;
            case F64:
                buf.asDoubleBuffer().put(data.doubles());
                break;
            default:
                buf.put(data.packedStrings());
                buf.flip();
        }
        buf.position(0).limit(data.rows() * 8);
        if (faults != null) {
            faults.columnWrite(channel, buf);
        } else {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }
}
