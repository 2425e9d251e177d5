/** Opening a zdbc database from plain Java, without an OSGi framework: {@link io.zdbc.engine.Zdbc}. */
@Export
@Version("1.1.0")
package io.zdbc.engine;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
