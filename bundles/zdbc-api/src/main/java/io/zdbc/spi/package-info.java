/**
 * Service interfaces the zdbc bundles implement and third parties may implement too: the storage
 * format, column I/O, kernels and import/export connectors. Each is registered as an OSGi
 * service (and listed in {@code META-INF/services} for plain-Java use).
 */
@Export
@Version("2.0.0")
package io.zdbc.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
