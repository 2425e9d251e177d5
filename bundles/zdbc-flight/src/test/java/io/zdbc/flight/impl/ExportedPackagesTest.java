package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The bundle exports its API package and nothing it inlines: a private copy of Netty, gRPC or
 * Arrow that another bundle wired to would tie that bundle to this one's class loader and break
 * on every update. Reads the manifest bnd writes into target/classes before the tests run.
 */
class ExportedPackagesTest {
    static Manifest manifest() throws Exception {
        Path classes = Path.of(ZdbcFlightServer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path mf = classes.resolve("META-INF/MANIFEST.MF");
        assertTrue(Files.isRegularFile(mf), mf + " is missing: bnd-maven-plugin writes it at process-classes");
        try (InputStream in = Files.newInputStream(mf)) {
            return new Manifest(in);
        }
    }

    /** The package names of a manifest header: clauses split at commas outside quotes. */
    static List<String> packages(String header) {
        List<String> names = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            if (i == header.length() || (header.charAt(i) == ',' && !quoted)) {
                names.add(header.substring(start, i).split(";", 2)[0].strip());
                start = i + 1;
            } else if (header.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
        return names;
    }

    @Test
    void onlyTheEndpointApiIsExported() throws Exception {
        String exports = manifest().getMainAttributes().getValue("Export-Package");
        assertEquals(List.of("io.zdbc.flight"), packages(exports), exports);
    }

    @Test
    void nettysShadedJctoolsIsNeitherExportedNorImported() throws Exception {
        var attributes = manifest().getMainAttributes();
        for (String header : List.of("Export-Package", "Import-Package")) {
            for (String p : packages(attributes.getValue(header))) {
                assertTrue(!p.contains(".shaded."), header + " names the private package " + p);
            }
        }
    }
}
