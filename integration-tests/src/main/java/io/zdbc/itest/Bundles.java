package io.zdbc.itest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/** Finding, updating and refreshing bundles the way an administrator hot-swaps them. */
final class Bundles {
    private Bundles() {}

    static Bundle bundle(BundleContext context, String bsn) {
        return Arrays.stream(context.getBundles())
                .filter(b -> bsn.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + bsn + " is not installed"));
    }

    /** The class loader of the bundle's current revision. */
    static ClassLoader classLoader(Bundle b) {
        BundleWiring w = b.adapt(BundleWiring.class);
        return w == null ? null : w.getClassLoader();
    }

    /**
     * Updates the bundle from its own location (a new revision: new class loader, new component
     * instances) and refreshes it, waiting until the refresh is done.
     */
    static void updateAndRefresh(BundleContext context, Bundle b) throws Exception {
        b.update();
        refresh(context, List.of(b));
    }

    static void refresh(BundleContext context, List<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkWiring fw = context.getBundle(0).adapt(FrameworkWiring.class);
        fw.refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        if (!done.await(Timeouts.SERVICE_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("refresh of " + bundles + " did not finish");
        }
    }
}
