package io.zdbc.kernels.scalar;

import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import java.lang.reflect.Constructor;
import sun.misc.Unsafe;

/**
 * An {@link Aggregation} whose function is a constant {@link Aggregation.Fn} does not have yet, as
 * a later API version could add it: an enum instance made without its constructor, with the next
 * ordinal and a name of the test's choosing. Kernels compiled before that constant must reject it.
 */
final class LaterAggregateFunction {
    private LaterAggregateFunction() {}

    static Aggregation of(String name, ColumnMemory column) {
        try {
            Unsafe u = RawColumn.UNSAFE;
            Aggregation.Fn fn = (Aggregation.Fn) u.allocateInstance(Aggregation.Fn.class);
            u.putObject(fn, u.objectFieldOffset(Enum.class.getDeclaredField("name")), name);
            u.putInt(fn, u.objectFieldOffset(Enum.class.getDeclaredField("ordinal")), Aggregation.Fn.values().length);
            Constructor<Aggregation> c = Aggregation.class.getDeclaredConstructor(
                    Aggregation.Fn.class, ColumnMemory.class, ColumnMemory.class);
            c.setAccessible(true);
            return c.newInstance(fn, column, null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make an aggregate of a later function", e);
        }
    }
}
