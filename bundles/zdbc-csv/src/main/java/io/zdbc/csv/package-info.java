/** CSV output of tables for tools that stream, such as {@code zdbc cat}. */
@Export
@Version("2.0.0")
package io.zdbc.csv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
