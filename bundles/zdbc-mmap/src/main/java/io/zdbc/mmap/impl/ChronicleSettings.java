package io.zdbc.mmap.impl;

import java.io.IOException;

/**
 * Chronicle reads its settings from system properties once, when its classes load; set ours
 * before that unless the user chose otherwise. Inside OSGi, Chronicle looks services up through
 * the thread context class loader, so calls into it run with this bundle's loader.
 */
final class ChronicleSettings {
    private static volatile boolean applied;

    private ChronicleSettings() {}

    static void apply() {
        if (applied) {
            return;
        }
        // Unmap at the last release, in the releasing thread, and leave no releaser thread behind.
        setDefault("background.releaser", "false");
        setDefault("chronicle.analytics.disable", "true");
        setDefault("chronicle.announcer.disable", "true");
        setDefault("jvm.resource.tracing", "false");
        setDefault("disable.resource.warning", "true");
        applied = true;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    static <T> T withBundleLoader(IoCall<T> call) throws IOException {
        apply();
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(ChronicleSettings.class.getClassLoader());
        try {
            return call.call();
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
