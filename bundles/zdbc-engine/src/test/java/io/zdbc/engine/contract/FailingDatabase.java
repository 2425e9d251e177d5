package io.zdbc.engine.contract;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;

/**
 * A database whose streaming writes fail once a given number of batches were pulled, over all its
 * calls, as a bad row or a full disk would make them fail: an import must then change nothing, even
 * one that split its batches over several writes.
 */
final class FailingDatabase implements InvocationHandler {
    private static final String MESSAGE = "contract: the import fails after its first batches";

    private final Database db;
    private int left;

    private FailingDatabase(Database db, int batches) {
        this.db = db;
        this.left = batches;
    }

    static Database afterBatches(Database db, int batches) {
        return (Database) Proxy.newProxyInstance(
                Database.class.getClassLoader(), new Class<?>[] {Database.class}, new FailingDatabase(db, batches));
    }

    static boolean isItsFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IllegalStateException && MESSAGE.equals(c.getMessage())) {
                return true;
            }
            if (c.getMessage() != null && c.getMessage().contains(MESSAGE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        Class<?>[] types = m.getParameterTypes();
        if (types.length > 0 && types[types.length - 1] == Iterator.class) {
            args = args.clone();
            args[args.length - 1] = new Failing((Iterator<Batch>) args[args.length - 1]);
        }
        try {
            return m.invoke(db, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Gives batches while the database has some left, then fails. */
    private final class Failing implements Iterator<Batch> {
        private final Iterator<Batch> in;

        Failing(Iterator<Batch> in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            boolean more = in.hasNext();
            if (more && left == 0) {
                throw new IllegalStateException(MESSAGE);
            }
            return more;
        }

        @Override
        public Batch next() {
            if (left == 0) {
                throw new IllegalStateException(MESSAGE);
            }
            left--;
            return in.next();
        }
    }
}
