package io.zdbc.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zdbc.api.DatabaseService;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.StorageFormat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The three zdbc services are registered, each by the bundle that should provide it. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ServicesTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ServiceAware<DatabaseService> databases;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ServiceAware<StorageFormat> formats;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ServiceAware<ColumnIO> columnIOs;

    @Test
    void everyZdbcBundleIsActive() {
        for (String bsn : new String[] {"io.zdbc.api", "io.zdbc.format", "io.zdbc.mmap", "io.zdbc.engine"}) {
            Bundle b = Arrays.stream(context.getBundles())
                    .filter(x -> bsn.equals(x.getSymbolicName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("bundle " + bsn + " is not installed"));
            assertEquals(Bundle.ACTIVE, b.getState(), bsn + " state");
        }
    }

    @Test
    void databaseServiceIsRegisteredByTheEngine() {
        assertNotNull(databases.getService());
        assertEquals(1, databases.size());
        assertEquals("io.zdbc.engine", databases.getServiceReference().getBundle().getSymbolicName());
    }

    @Test
    void storageFormatIsRegisteredByTheFormatBundle() {
        assertNotNull(formats.getService());
        assertEquals("io.zdbc.format", formats.getServiceReference().getBundle().getSymbolicName());
    }

    @Test
    void columnIOIsRegisteredByTheMmapBundle() {
        assertNotNull(columnIOs.getService());
        assertEquals("io.zdbc.mmap", columnIOs.getServiceReference().getBundle().getSymbolicName());
    }
}
