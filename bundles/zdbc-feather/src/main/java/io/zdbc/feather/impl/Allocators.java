package io.zdbc.feather.impl;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Arrow allocators backed by {@code Unsafe.allocateMemory}
 * ({@link org.apache.arrow.memory.unsafe.UnsafeAllocationManager}). Call {@link #root()} before
 * using any other Arrow class: it selects that allocation manager before Arrow's
 * {@code BaseAllocator} is initialised.
 */
final class Allocators {
    static final String TYPE_PROPERTY = "arrow.allocation.manager.type";

    static {
        if (System.getenv("ARROW_ALLOCATION_MANAGER_TYPE") == null && System.getProperty(TYPE_PROPERTY) == null) {
            System.setProperty(TYPE_PROPERTY, "Unsafe");
        }
    }

    private Allocators() {
    }

    /** A new root allocator; close it after everything allocated from it. */
    static BufferAllocator root() {
        return new RootAllocator();
    }
}
