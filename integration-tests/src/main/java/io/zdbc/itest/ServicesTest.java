package io.zdbc.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.DatabaseService;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.StorageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
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

    @InjectService(timeout = Timeouts.SERVICE_MS)
    ServiceComponentRuntime scr;

    /** Fails with SCR's own reason (activation exception, missing reference) when a component is down. */
    @Test
    void everyZdbcComponentIsSatisfiedOrActive() {
        Bundle[] zdbc = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().startsWith("io.zdbc."))
                .toArray(Bundle[]::new);
        List<String> problems = new ArrayList<>();
        int configurations = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(zdbc)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                configurations++;
                if (c.state != ComponentConfigurationDTO.SATISFIED && c.state != ComponentConfigurationDTO.ACTIVE) {
                    StringBuilder why =
                            new StringBuilder(d.name).append(": state ").append(c.state);
                    for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                        why.append(", unsatisfied reference ").append(r.name);
                    }
                    if (c.failure != null) {
                        why.append(", failure ").append(c.failure);
                    }
                    problems.add(why.toString());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(configurations >= 3, "components of format, mmap and engine: " + configurations);
    }

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
        assertEquals(
                "io.zdbc.engine", databases.getServiceReference().getBundle().getSymbolicName());
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
