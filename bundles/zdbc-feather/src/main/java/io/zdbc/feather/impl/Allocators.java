package io.zdbc.feather.impl;

import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.ZdbcException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Arrow allocators backed by {@code Unsafe.allocateMemory}
 * ({@link org.apache.arrow.memory.unsafe.UnsafeAllocationManager}). Call {@link #root()} before
 * using any other Arrow class: it selects that allocation manager before Arrow's
 * {@code BaseAllocator} is initialised, and checks the JVM lets Arrow wrap native memory.
 */
final class Allocators {
    static final String TYPE_PROPERTY = "arrow.allocation.manager.type";
    /** The flag Arrow needs to build ByteBuffers over native memory (README, "Running on the JVM"). */
    static final String FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private static volatile boolean checked;

    static {
        if (System.getenv("ARROW_ALLOCATION_MANAGER_TYPE") == null && System.getProperty(TYPE_PROPERTY) == null) {
            System.setProperty(TYPE_PROPERTY, "Unsafe");
        }
    }

    private Allocators() {}

    /** A new root allocator; close it after everything allocated from it. */
    static BufferAllocator root() {
        if (!checked) {
            try {
                MemoryUtil.directBuffer(0, 0);
            } catch (RuntimeException | IllegalAccessError | ExceptionInInitializerError e) {
                // Other linkage errors (a class this bundle can no longer load after an update)
                // are not about the flag: FeatherConnector reports those as retryable.
                NoClassDefFoundError gone = ServiceUnavailableException.discardedClassLoader(e);
                if (gone != null) {
                    throw gone; // Arrow wraps it in its own "add the flag" message
                }
                throw new ZdbcException(
                        "Feather needs the JVM flag " + FLAG + " (Arrow cannot wrap native memory: " + e.getMessage()
                                + ")",
                        e);
            }
            checked = true;
        }
        return new RootAllocator();
    }
}
