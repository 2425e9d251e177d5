package org.apache.arrow.memory.unsafe;

import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.netty.NettyAllocationManager;

/**
 * What this bundle's private copy of Arrow finds when the JVM-wide property
 * {@code arrow.allocation.manager.type} says {@code Unsafe}, as zdbc's Feather bundle sets it: Arrow's
 * {@code BaseAllocator} looks this class up by name while it initialises, and without it the
 * server could not start. The server's allocator names Netty's manager explicitly
 * ({@code ZdbcFlightAllocator}), so this default is never used to allocate.
 */
public final class UnsafeAllocationManager {
    public static final AllocationManager.Factory FACTORY = NettyAllocationManager.FACTORY;

    private UnsafeAllocationManager() {}
}
