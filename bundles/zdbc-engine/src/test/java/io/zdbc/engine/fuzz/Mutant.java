package io.zdbc.engine.fuzz;

/** A mutated input file and what was done to it, for the failure report. */
public record Mutant(byte[] bytes, String what) {}
