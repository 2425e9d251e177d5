/** The Arrow Flight server's published endpoint: where clients connect. */
@Export
@Version("1.0.0")
package io.zdbc.flight;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
