/**
 * In-framework tests of the zdbc bundles, run inside Apache Felix with SCR by
 * bnd-testing-maven-plugin (see ../../../../../../test.bndrun). Nothing here is exported.
 */
package io.zdbc.itest;
