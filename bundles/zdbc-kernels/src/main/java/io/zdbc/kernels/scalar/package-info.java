/**
 * The portable kernels, exported so other kernel implementations (the SIMD bundle) can fall back
 * to them where vectors do not pay, instead of keeping a second copy of the same loops, and read
 * column memory through the same {@link io.zdbc.kernels.scalar.RawColumn}.
 */
@Export
@Version("2.0.0")
package io.zdbc.kernels.scalar;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
