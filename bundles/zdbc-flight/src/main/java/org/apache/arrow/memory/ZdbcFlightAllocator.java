package org.apache.arrow.memory;

import org.apache.arrow.memory.netty.NettyAllocationManager;

/**
 * The Flight server's root allocator with Netty's allocation manager named explicitly: Arrow's
 * own lookup by class name finds nothing across OSGi bundles. In Arrow's package because the
 * allocator configuration builder is package-private there.
 */
public final class ZdbcFlightAllocator {
    private ZdbcFlightAllocator() {}

    public static BufferAllocator root() {
        return new RootAllocator(BaseAllocator.configBuilder()
                .allocationManagerFactory(NettyAllocationManager.FACTORY)
                .maxAllocation(Long.MAX_VALUE)
                .build());
    }
}
