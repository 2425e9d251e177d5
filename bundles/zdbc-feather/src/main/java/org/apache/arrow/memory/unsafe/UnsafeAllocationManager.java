package org.apache.arrow.memory.unsafe;

import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.ReferenceManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Arrow memory from {@code Unsafe.allocateMemory}, standing in for the arrow-memory-unsafe module,
 * which Arrow Java 19 no longer publishes (the alternative, arrow-memory-netty, adds Netty).
 *
 * <p>Arrow's {@code BaseAllocator} picks its default allocation manager when it is first loaded: with
 * {@code arrow.allocation.manager.type=Unsafe} (set by io.zdbc.feather.impl.Allocators unless the
 * user chose) it loads this class by this exact name and reads {@link #FACTORY}. Without the property
 * it scans the system class path, which finds nothing inside an OSGi bundle.
 */
public final class UnsafeAllocationManager extends AllocationManager {
    /** Read reflectively by Arrow's DefaultAllocationManagerOption. */
    public static final AllocationManager.Factory FACTORY = new AllocationManager.Factory() {
        private volatile ArrowBuf empty;

        @Override
        public AllocationManager create(BufferAllocator accountingAllocator, long size) {
            return new UnsafeAllocationManager(accountingAllocator, size);
        }

        @Override
        public ArrowBuf empty() {
            // Created lazily: ArrowBuf's class initialisation needs BaseAllocator, which loads this class.
            ArrowBuf e = empty;
            if (e == null) {
                e = new ArrowBuf(ReferenceManager.NO_OP, null, 0, 0);
                empty = e;
            }
            return e;
        }
    };

    /** Bytes allocated by each thread, so that tests can bound what an import allocates. */
    private static final ThreadLocal<long[]> ALLOCATED = ThreadLocal.withInitial(() -> new long[1]);

    private final long address;
    private final long size;

    UnsafeAllocationManager(BufferAllocator accountingAllocator, long size) {
        super(accountingAllocator);
        ALLOCATED.get()[0] += size; // counted as asked for, so that a refused absurd size shows too
        try {
            this.address = MemoryUtil.allocateMemory(size);
        } catch (OutOfMemoryError e) {
            // A length read from a corrupt file can be absurd: fail the read, not the JVM's caller.
            throw new OutOfMemoryException("cannot allocate " + size + " bytes of native memory: " + e.getMessage());
        }
        this.size = size;
    }

    /** Native bytes this thread has allocated through Arrow so far. */
    public static long allocatedByThisThread() {
        return ALLOCATED.get()[0];
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    protected long memoryAddress() {
        return address;
    }

    @Override
    protected void release0() {
        MemoryUtil.freeMemory(address);
    }
}
