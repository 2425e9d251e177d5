package io.zdbc.kernels.simd;

import io.zdbc.kernels.scalar.RawColumn;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops. They read heap arrays only ({@code fromArray}, the one load that is the same in
 * every incubator release from 17 on), over whole 64-row selection words; the callers copy mapped
 * memory into chunk buffers and read partial words row by row.
 *
 * <p>They are written for C2 as it handles the incubator API, which compiles vector code well only
 * when it can see each vector's exact class; otherwise a vector becomes a heap object (a "box")
 * and the Java fallback of every operation runs, allocating, many times slower than scalar code. So:
 *
 * <ul>
 *   <li>No vector crosses a call: accumulators come in and go out through small arrays, and no
 *       method takes or returns a vector (a helper left out of line, e.g. past C2's inlining
 *       cutoff, boxes what it touches). The selection mask {@code broadcast(bits >>> j) <<
 *       (63 - lane) >> 63} (arithmetic: -1 where bit {@code j + lane} is set) is therefore
 *       written out in every masked loop.
 *   <li>Each of these methods is one compilation unit: bigger than C2's FreqInlineSize (325
 *       bytecodes; {@code SimdKernelsStructureTest} checks), so never inlined into a caller. Two
 *       loops inlined into one caller, the second compiled from an immature profile, stayed
 *       boxed for good (VWAP with a selection ran slower than scalar, how much depending on the
 *       order of compilation).
 *   <li>A vector that went round a loop (an accumulator) is never the receiver of a call, only
 *       an argument: {@code s = x.add(s)}, not {@code s = s.add(x)}. A loop variable's type is
 *       the declared {@code LongVector}, so a call on it is virtual and C2 needs a type profile
 *       to bind it, which a method compiled early may lack. Loop-invariant vectors (keys,
 *       identities, shift counts) are built inside the loop body from scalars, for the same
 *       reason; C2 hoists them. On JDK 25 this makes the loops independent of profiles
 *       ({@code NoBoxingTest} runs them with {@code -XX:-UseTypeProfile}). JDK 17's C2 is not
 *       there: its incubator API needs profiles inside its own code, and after some JIT
 *       histories the loops stay compiled with boxed vectors although every operation was
 *       inlined and intrinsified. Known case, deterministic here: the f64 aggregates after
 *       {@code SimdVsScalarTest}'s special-values test in the same JVM (allocating per row, several
 *       times slower than scalar). In a fresh JVM they compile cleanly; no shape of the loops
 *       that avoids this on JDK 17 is known.
 *   <li>Comparison operators are constants in every loop (a non-constant one is not
 *       intrinsified). Bitmap words come from masks by {@code VectorMask.toLong()} where C2
 *       intrinsifies it (JDK 18 on), else by OR-ing each mask's lanes against per-lane bit
 *       values and one OR-reduction per word (JDK 17's {@code toLong()} is a slow Java loop).
 *       Double masks are cast to long lanes first: JDK 17's Java fallback of a double mask's
 *       {@code toVector()} gives -1.0 (0xBFF0...) for set lanes, not all ones.
 * </ul>
 */
final class Vec {
    static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector, the same for long and double. */
    static final int L = LS.length();
    /**
     * Whether the vector loops can run here: little-endian memory (the loops copy raw bytes into
     * {@code long[]}/{@code double[]}), vectors of at least 256 bits (4 lanes), and a lane count
     * that divides a word. At 128 bits (SSE-only x86, NEON; here {@code -XX:MaxVectorSize=16})
     * C2 on JDK 17 and 25 leaves f64 min/max and the comparisons boxed, allocating per row, far
     * slower than the scalar loops; {@code NoBoxingTest} checks the fallback.
     */
    static final boolean USABLE = RawColumn.LITTLE_ENDIAN && L >= 4 && L <= 32 && 64 % (2 * L) == 0 && DS.length() == L;
    /** {@code VectorMask.toLong()} is intrinsified from JDK 18 (JDK-8273949). */
    static final boolean MASK_TO_LONG = Runtime.version().feature() >= 18;

    /** {@code BIT[i] = 1L << i}: lane {@code i} of the vector at {@code j} holds bit {@code j + i}. */
    private static final long[] BIT = new long[64];
    /** {@code 63 - i}: shifts selection bit {@code i} into lane {@code i}'s sign bit. */
    private static final long[] TO_SIGN = new long[64];

    static final int SUM = 0;
    static final int MIN = 1;
    static final int MAX = 2;

    static {
        for (int i = 0; i < 64; i++) {
            BIT[i] = 1L << i;
            TO_SIGN[i] = 63 - i;
        }
    }

    private Vec() {}

    // ================================================================== aggregates

    /** Accumulator lanes of every aggregate: 4 vectors. */
    static final int ACC = 4 * L;

    /*
     * One method per aggregate: the loop over every row ({@code words == null}) and the loop over
     * the rows whose bit is set in {@code words[w0 .. w0 + nWords)}, both over whole 64-row words
     * from {@code a[off]}.
     */

    /** Wrapping sum; unselected lanes become 0. */
    static void sumLong(long[] a, int off, int nWords, long[] words, int w0, long[] acc) {
        LongVector s0 = LongVector.fromArray(LS, acc, 0);
        LongVector s1 = LongVector.fromArray(LS, acc, L);
        LongVector s2 = LongVector.fromArray(LS, acc, 2 * L);
        LongVector s3 = LongVector.fromArray(LS, acc, 3 * L);
        if (words == null) {
            int end = off + (nWords << 6);
            int end4 = end - (nWords << 6) % (4 * L);
            int i = off;
            for (; i < end4; i += 4 * L) {
                s0 = LongVector.fromArray(LS, a, i).add(s0);
                s1 = LongVector.fromArray(LS, a, i + L).add(s1);
                s2 = LongVector.fromArray(LS, a, i + 2 * L).add(s2);
                s3 = LongVector.fromArray(LS, a, i + 3 * L).add(s3);
            }
            for (; i < end; i += L) {
                s0 = LongVector.fromArray(LS, a, i).add(s0);
            }
        } else {
            for (int w = 0; w < nWords; w++) {
                long bits = words[w0 + w];
                if (bits == 0) {
                    continue;
                }
                int p = off + (w << 6);
                for (int j = 0; j < 64; j += 2 * L) {
                    LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    s0 = LongVector.fromArray(LS, a, p + j).and(m0).add(s0);
                    s1 = LongVector.fromArray(LS, a, p + j + L).and(m1).add(s1);
                }
            }
        }
        LongVector.zero(LS).add(s0).intoArray(acc, 0);
        LongVector.zero(LS).add(s1).intoArray(acc, L);
        LongVector.zero(LS).add(s2).intoArray(acc, 2 * L);
        LongVector.zero(LS).add(s3).intoArray(acc, 3 * L);
    }

    /** Unselected lanes become {@code Long.MAX_VALUE} (bitwise select). */
    static void minLong(long[] a, int off, int nWords, long[] words, int w0, long[] acc) {
        LongVector s0 = LongVector.fromArray(LS, acc, 0);
        LongVector s1 = LongVector.fromArray(LS, acc, L);
        LongVector s2 = LongVector.fromArray(LS, acc, 2 * L);
        LongVector s3 = LongVector.fromArray(LS, acc, 3 * L);
        if (words == null) {
            int end = off + (nWords << 6);
            int end4 = end - (nWords << 6) % (4 * L);
            int i = off;
            for (; i < end4; i += 4 * L) {
                s0 = LongVector.fromArray(LS, a, i).min(s0);
                s1 = LongVector.fromArray(LS, a, i + L).min(s1);
                s2 = LongVector.fromArray(LS, a, i + 2 * L).min(s2);
                s3 = LongVector.fromArray(LS, a, i + 3 * L).min(s3);
            }
            for (; i < end; i += L) {
                s0 = LongVector.fromArray(LS, a, i).min(s0);
            }
        } else {
            for (int w = 0; w < nWords; w++) {
                long bits = words[w0 + w];
                if (bits == 0) {
                    continue;
                }
                int p = off + (w << 6);
                for (int j = 0; j < 64; j += 2 * L) {
                    LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    s0 = LongVector.fromArray(LS, a, p + j)
                            .and(m0)
                            .or(LongVector.broadcast(LS, Long.MAX_VALUE).lanewise(VectorOperators.AND_NOT, m0))
                            .min(s0);
                    s1 = LongVector.fromArray(LS, a, p + j + L)
                            .and(m1)
                            .or(LongVector.broadcast(LS, Long.MAX_VALUE).lanewise(VectorOperators.AND_NOT, m1))
                            .min(s1);
                }
            }
        }
        LongVector.broadcast(LS, Long.MAX_VALUE).min(s0).intoArray(acc, 0);
        LongVector.broadcast(LS, Long.MAX_VALUE).min(s1).intoArray(acc, L);
        LongVector.broadcast(LS, Long.MAX_VALUE).min(s2).intoArray(acc, 2 * L);
        LongVector.broadcast(LS, Long.MAX_VALUE).min(s3).intoArray(acc, 3 * L);
    }

    /** Unselected lanes become {@code Long.MIN_VALUE} (bitwise select). */
    static void maxLong(long[] a, int off, int nWords, long[] words, int w0, long[] acc) {
        LongVector s0 = LongVector.fromArray(LS, acc, 0);
        LongVector s1 = LongVector.fromArray(LS, acc, L);
        LongVector s2 = LongVector.fromArray(LS, acc, 2 * L);
        LongVector s3 = LongVector.fromArray(LS, acc, 3 * L);
        if (words == null) {
            int end = off + (nWords << 6);
            int end4 = end - (nWords << 6) % (4 * L);
            int i = off;
            for (; i < end4; i += 4 * L) {
                s0 = LongVector.fromArray(LS, a, i).max(s0);
                s1 = LongVector.fromArray(LS, a, i + L).max(s1);
                s2 = LongVector.fromArray(LS, a, i + 2 * L).max(s2);
                s3 = LongVector.fromArray(LS, a, i + 3 * L).max(s3);
            }
            for (; i < end; i += L) {
                s0 = LongVector.fromArray(LS, a, i).max(s0);
            }
        } else {
            for (int w = 0; w < nWords; w++) {
                long bits = words[w0 + w];
                if (bits == 0) {
                    continue;
                }
                int p = off + (w << 6);
                for (int j = 0; j < 64; j += 2 * L) {
                    LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    s0 = LongVector.fromArray(LS, a, p + j)
                            .and(m0)
                            .or(LongVector.broadcast(LS, Long.MIN_VALUE).lanewise(VectorOperators.AND_NOT, m0))
                            .max(s0);
                    s1 = LongVector.fromArray(LS, a, p + j + L)
                            .and(m1)
                            .or(LongVector.broadcast(LS, Long.MIN_VALUE).lanewise(VectorOperators.AND_NOT, m1))
                            .max(s1);
                }
            }
        }
        LongVector.broadcast(LS, Long.MIN_VALUE).max(s0).intoArray(acc, 0);
        LongVector.broadcast(LS, Long.MIN_VALUE).max(s1).intoArray(acc, L);
        LongVector.broadcast(LS, Long.MIN_VALUE).max(s2).intoArray(acc, 2 * L);
        LongVector.broadcast(LS, Long.MIN_VALUE).max(s3).intoArray(acc, 3 * L);
    }

    /**
     * Unselected lanes become +0.0 (bits ANDed with 0), which leaves a sum as it is. No lane is
     * ever -0.0 (it starts at +0.0, and +0.0 + -0.0 is +0.0), so adding the lanes to +0.0 on the
     * way out changes nothing.
     */
    static void sumDouble(double[] a, int off, int nWords, long[] words, int w0, double[] acc) {
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s2 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s3 = DoubleVector.fromArray(DS, acc, 3 * L);
        if (words == null) {
            int end = off + (nWords << 6);
            int end4 = end - (nWords << 6) % (4 * L);
            int i = off;
            for (; i < end4; i += 4 * L) {
                s0 = DoubleVector.fromArray(DS, a, i).add(s0);
                s1 = DoubleVector.fromArray(DS, a, i + L).add(s1);
                s2 = DoubleVector.fromArray(DS, a, i + 2 * L).add(s2);
                s3 = DoubleVector.fromArray(DS, a, i + 3 * L).add(s3);
            }
            for (; i < end; i += L) {
                s0 = DoubleVector.fromArray(DS, a, i).add(s0);
            }
        } else {
            for (int w = 0; w < nWords; w++) {
                long bits = words[w0 + w];
                if (bits == 0) {
                    continue;
                }
                int p = off + (w << 6);
                for (int j = 0; j < 64; j += 2 * L) {
                    LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    s0 = DoubleVector.fromArray(DS, a, p + j)
                            .reinterpretAsLongs()
                            .and(m0)
                            .reinterpretAsDoubles()
                            .add(s0);
                    s1 = DoubleVector.fromArray(DS, a, p + j + L)
                            .reinterpretAsLongs()
                            .and(m1)
                            .reinterpretAsDoubles()
                            .add(s1);
                }
            }
        }
        DoubleVector.zero(DS).add(s0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(s1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s2).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s3).intoArray(acc, 3 * L);
    }

    /*
     * f64 MIN/MAX: NaN lanes (x != x) become the identity (+inf for min, -inf for max) before the
     * lanewise MIN/MAX, which has Math.min/max semantics (-0.0 < 0.0; NaN would win); unselected
     * lanes become the identity by bitwise select. The caller sorts out the one ambiguous answer,
     * the identity itself (all NaN, or a real infinity).
     */

    static void minDouble(double[] a, int off, int nWords, long[] words, int w0, double[] acc) {
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, L);
        if (words == null) {
            int end = off + (nWords << 6);
            int end2 = end - (nWords << 6) % (2 * L);
            int i = off;
            for (; i < end2; i += 2 * L) {
                DoubleVector x = DoubleVector.fromArray(DS, a, i);
                DoubleVector y = DoubleVector.fromArray(DS, a, i + L);
                s0 = x.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), x.compare(VectorOperators.NE, x))
                        .min(s0);
                s1 = y.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), y.compare(VectorOperators.NE, y))
                        .min(s1);
            }
            for (; i < end; i += L) {
                DoubleVector x = DoubleVector.fromArray(DS, a, i);
                s0 = x.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), x.compare(VectorOperators.NE, x))
                        .min(s0);
            }
        } else {
            for (int w = 0; w < nWords; w++) {
                long bits = words[w0 + w];
                if (bits == 0) {
                    continue;
                }
                int p = off + (w << 6);
                for (int j = 0; j < 64; j += 2 * L) {
                    LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    DoubleVector x = DoubleVector.fromArray(DS, a, p + j)
                            .reinterpretAsLongs()
                            .and(m0)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m0))
                            .reinterpretAsDoubles();
                    DoubleVector y = DoubleVector.fromArray(DS, a, p + j + L)
                            .reinterpretAsLongs()
                            .and(m1)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m1))
                            .reinterpretAsDoubles();
                    s0 = x.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), x.compare(VectorOperators.NE, x))
                            .min(s0);
                    s1 = y.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), y.compare(VectorOperators.NE, y))
                            .min(s1);
                }
            }
        }
        DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY).min(s0).intoArray(acc, 0);
        DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY).min(s1).intoArray(acc, L);
    }

    static void maxDouble(double[] a, int off, int nWords, long[] words, int w0, double[] acc) {
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, L);
        if (words == null) {
            int end = off + (nWords << 6);
            int end2 = end - (nWords << 6) % (2 * L);
            int i = off;
            for (; i < end2; i += 2 * L) {
                DoubleVector x = DoubleVector.fromArray(DS, a, i);
                DoubleVector y = DoubleVector.fromArray(DS, a, i + L);
                s0 = x.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), x.compare(VectorOperators.NE, x))
                        .max(s0);
                s1 = y.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), y.compare(VectorOperators.NE, y))
                        .max(s1);
            }
            for (; i < end; i += L) {
                DoubleVector x = DoubleVector.fromArray(DS, a, i);
                s0 = x.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), x.compare(VectorOperators.NE, x))
                        .max(s0);
            }
        } else {
            for (int w = 0; w < nWords; w++) {
                long bits = words[w0 + w];
                if (bits == 0) {
                    continue;
                }
                int p = off + (w << 6);
                for (int j = 0; j < 64; j += 2 * L) {
                    LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                            .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                            .lanewise(VectorOperators.ASHR, 63);
                    DoubleVector x = DoubleVector.fromArray(DS, a, p + j)
                            .reinterpretAsLongs()
                            .and(m0)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m0))
                            .reinterpretAsDoubles();
                    DoubleVector y = DoubleVector.fromArray(DS, a, p + j + L)
                            .reinterpretAsLongs()
                            .and(m1)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m1))
                            .reinterpretAsDoubles();
                    s0 = x.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), x.compare(VectorOperators.NE, x))
                            .max(s0);
                    s1 = y.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), y.compare(VectorOperators.NE, y))
                            .max(s1);
                }
            }
        }
        DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY).max(s0).intoArray(acc, 0);
        DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY).max(s1).intoArray(acc, L);
    }

    // ------------------------------------------------------------------ VWAP

    /*
     * acc lanes: [0, 2L) Σ price·volume (two vectors), [2L, 4L) Σ volume. Σp·v multiplies, then
     * adds, as the scalar kernels do: a fused multiply-add would not round the product, so a
     * product beyond the double range would not overflow and the two kernels would disagree. Dense and masked loops are separate methods,
     * each bigger than FreqInlineSize.
     */

    static void vwapDense(double[] p, int po, double[] v, int vo, int nWords, double[] acc) {
        DoubleVector pv0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector pv1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, 3 * L);
        int n = nWords << 6;
        int n4 = n - n % (4 * L);
        int j = 0;
        for (; j < n4; j += 4 * L) {
            DoubleVector v0 = DoubleVector.fromArray(DS, v, vo + j);
            DoubleVector v1 = DoubleVector.fromArray(DS, v, vo + j + L);
            DoubleVector v2 = DoubleVector.fromArray(DS, v, vo + j + 2 * L);
            DoubleVector v3 = DoubleVector.fromArray(DS, v, vo + j + 3 * L);
            pv0 = DoubleVector.fromArray(DS, p, po + j).mul(v0).add(pv0);
            pv1 = DoubleVector.fromArray(DS, p, po + j + L).mul(v1).add(pv1);
            s0 = v0.add(s0);
            s1 = v1.add(s1);
            pv0 = DoubleVector.fromArray(DS, p, po + j + 2 * L).mul(v2).add(pv0);
            pv1 = DoubleVector.fromArray(DS, p, po + j + 3 * L).mul(v3).add(pv1);
            s0 = v2.add(s0);
            s1 = v3.add(s1);
        }
        for (; j < n; j += L) {
            DoubleVector v0 = DoubleVector.fromArray(DS, v, vo + j);
            pv0 = DoubleVector.fromArray(DS, p, po + j).mul(v0).add(pv0);
            s0 = v0.add(s0);
        }
        DoubleVector.zero(DS).add(pv0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(pv1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s0).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s1).intoArray(acc, 3 * L);
    }

    /** Unselected lanes of both price and volume become +0.0: they add 0 to both sums. */
    static void vwapMasked(double[] p, int po, double[] v, int vo, int nWords, long[] words, int w0, double[] acc) {
        DoubleVector pv0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector pv1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, 3 * L);
        for (int w = 0; w < nWords; w++) {
            long bits = words[w0 + w];
            if (bits == 0) {
                continue;
            }
            int pp = po + (w << 6);
            int vp = vo + (w << 6);
            for (int j = 0; j < 64; j += 2 * L) {
                LongVector m0 = LongVector.broadcast(LS, bits >>> j)
                        .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                        .lanewise(VectorOperators.ASHR, 63);
                LongVector m1 = LongVector.broadcast(LS, bits >>> (j + L))
                        .lanewise(VectorOperators.LSHL, LongVector.fromArray(LS, TO_SIGN, 0))
                        .lanewise(VectorOperators.ASHR, 63);
                DoubleVector x0 = DoubleVector.fromArray(DS, p, pp + j)
                        .reinterpretAsLongs()
                        .and(m0)
                        .reinterpretAsDoubles();
                DoubleVector x1 = DoubleVector.fromArray(DS, p, pp + j + L)
                        .reinterpretAsLongs()
                        .and(m1)
                        .reinterpretAsDoubles();
                DoubleVector y0 = DoubleVector.fromArray(DS, v, vp + j)
                        .reinterpretAsLongs()
                        .and(m0)
                        .reinterpretAsDoubles();
                DoubleVector y1 = DoubleVector.fromArray(DS, v, vp + j + L)
                        .reinterpretAsLongs()
                        .and(m1)
                        .reinterpretAsDoubles();
                pv0 = x0.mul(y0).add(pv0);
                pv1 = x1.mul(y1).add(pv1);
                s0 = y0.add(s0);
                s1 = y1.add(s1);
            }
        }
        DoubleVector.zero(DS).add(pv0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(pv1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s0).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s1).intoArray(acc, 3 * L);
    }

    /**
     * {@code dst[i] = (double) src[i]} for {@code i < n} ({@code n} a multiple of {@link #L}), if
     * every value is in [-2^51, 2^51); else false, and the caller converts with scalar casts.
     * Not {@code convert(L2D)}: C2 intrinsifies that only with AVX-512DQ (on AVX2, JDK 17 and 25
     * alike, it made VWAP several times slower than scalar). Instead the exact magic-number conversion:
     * {@code v + bits(1.5 * 2^52)} read as a double is {@code 1.5 * 2^52 + v}; subtract.
     */
    static boolean toDoubles(long[] src, double[] dst, int n) {
        LongVector outside = LongVector.zero(LS);
        for (int i = 0; i < n; i += L) {
            LongVector x = LongVector.fromArray(LS, src, i);
            outside = x.add(1L << 51).lanewise(VectorOperators.LSHR, 52).or(outside);
            x.add(0x4338000000000000L).reinterpretAsDoubles().sub(0x1.8p52).intoArray(dst, i);
        }
        return LongVector.zero(LS).or(outside).reduceLanes(VectorOperators.OR) == 0;
    }

    // ================================================================== filters

    static final int EQ = 0;
    /** x < k */
    static final int LT = 1;
    /** x <= k */
    static final int LE = 2;
    /** x > k */
    static final int GT = 3;
    /** x >= k */
    static final int GE = 4;
    /** k1 <= x <= k2 */
    static final int BETWEEN = 5;
    /** x is one of a few values */
    static final int IN = 6;

    /**
     * Bitmap words {@code out[o .. o + nWords)} for the rows from {@code off}: bit set where the
     * test holds, then XORed with {@code flip} (0, or -1 to negate).
     */
    static void filterLong(
            int kind, long[] a, int off, int nWords, long[] out, int o, long flip, long k1, long k2, long[] set) {
        switch (kind) {
            case EQ:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = eq(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case LT:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = lt(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case LE:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = le(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case GT:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = gt(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case GE:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = ge(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case BETWEEN:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = between(a, off + (w << 6), k1, k2) ^ flip;
                }
                break;
            case IN:
                for (int w = 0; w < nWords; w++) {
                    long bits = 0;
                    for (long k : set) {
                        bits |= eq(a, off + (w << 6), k);
                    }
                    out[o + w] = bits ^ flip;
                }
                break;
            default:
                throw new IllegalArgumentException("kind " + kind);
        }
    }

    /**
     * Bitmap words {@code out[o .. o + nWords)} for the rows from {@code off}: bit set where the
     * test holds, then XORed with {@code flip} (0, or -1 to negate).
     */
    static void filterDouble(
            int kind,
            double[] a,
            int off,
            int nWords,
            long[] out,
            int o,
            long flip,
            double k1,
            double k2,
            double[] set) {
        switch (kind) {
            case EQ:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = eq(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case LT:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = lt(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case LE:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = le(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case GT:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = gt(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case GE:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = ge(a, off + (w << 6), k1) ^ flip;
                }
                break;
            case BETWEEN:
                for (int w = 0; w < nWords; w++) {
                    out[o + w] = between(a, off + (w << 6), k1, k2) ^ flip;
                }
                break;
            case IN:
                for (int w = 0; w < nWords; w++) {
                    long bits = 0;
                    for (double k : set) {
                        bits |= eq(a, off + (w << 6), k);
                    }
                    out[o + w] = bits ^ flip;
                }
                break;
            default:
                throw new IllegalArgumentException("kind " + kind);
        }
    }

    /* One bitmap word (64 rows from p) per call, inlined into filterLong/filterDouble. Both
    mask-to-bits strategies; the branch is on a static final, folded away by C2. */

    private static long eq(long[] a, int p, long key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= LongVector.fromArray(LS, a, p + j)
                                .compare(VectorOperators.EQ, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = LongVector.fromArray(LS, a, p + j).compare(VectorOperators.EQ, key);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long lt(long[] a, int p, long key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= LongVector.fromArray(LS, a, p + j)
                                .compare(VectorOperators.LT, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = LongVector.fromArray(LS, a, p + j).compare(VectorOperators.LT, key);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long le(long[] a, int p, long key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= LongVector.fromArray(LS, a, p + j)
                                .compare(VectorOperators.LE, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = LongVector.fromArray(LS, a, p + j).compare(VectorOperators.LE, key);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long gt(long[] a, int p, long key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= LongVector.fromArray(LS, a, p + j)
                                .compare(VectorOperators.GT, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = LongVector.fromArray(LS, a, p + j).compare(VectorOperators.GT, key);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long ge(long[] a, int p, long key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= LongVector.fromArray(LS, a, p + j)
                                .compare(VectorOperators.GE, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = LongVector.fromArray(LS, a, p + j).compare(VectorOperators.GE, key);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long between(long[] a, int p, long low, long high) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                LongVector v = LongVector.fromArray(LS, a, p + j);
                bits |= v.compare(VectorOperators.GE, low)
                                .and(v.compare(VectorOperators.LE, high))
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            LongVector v = LongVector.fromArray(LS, a, p + j);
            VectorMask<Long> m = v.compare(VectorOperators.GE, low).and(v.compare(VectorOperators.LE, high));
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long eq(double[] a, int p, double key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= DoubleVector.fromArray(DS, a, p + j)
                                .compare(VectorOperators.EQ, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = DoubleVector.fromArray(DS, a, p + j)
                    .compare(VectorOperators.EQ, key)
                    .cast(LS);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long lt(double[] a, int p, double key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= DoubleVector.fromArray(DS, a, p + j)
                                .compare(VectorOperators.LT, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = DoubleVector.fromArray(DS, a, p + j)
                    .compare(VectorOperators.LT, key)
                    .cast(LS);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long le(double[] a, int p, double key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= DoubleVector.fromArray(DS, a, p + j)
                                .compare(VectorOperators.LE, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = DoubleVector.fromArray(DS, a, p + j)
                    .compare(VectorOperators.LE, key)
                    .cast(LS);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long gt(double[] a, int p, double key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= DoubleVector.fromArray(DS, a, p + j)
                                .compare(VectorOperators.GT, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = DoubleVector.fromArray(DS, a, p + j)
                    .compare(VectorOperators.GT, key)
                    .cast(LS);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long ge(double[] a, int p, double key) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                bits |= DoubleVector.fromArray(DS, a, p + j)
                                .compare(VectorOperators.GE, key)
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            VectorMask<Long> m = DoubleVector.fromArray(DS, a, p + j)
                    .compare(VectorOperators.GE, key)
                    .cast(LS);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    private static long between(double[] a, int p, double low, double high) {
        if (MASK_TO_LONG) {
            long bits = 0;
            for (int j = 0; j < 64; j += L) {
                DoubleVector v = DoubleVector.fromArray(DS, a, p + j);
                bits |= v.compare(VectorOperators.GE, low)
                                .and(v.compare(VectorOperators.LE, high))
                                .toLong()
                        << j;
            }
            return bits;
        }
        LongVector acc = LongVector.zero(LS);
        for (int j = 0; j < 64; j += L) {
            DoubleVector v = DoubleVector.fromArray(DS, a, p + j);
            VectorMask<Long> m = v.compare(VectorOperators.GE, low)
                    .and(v.compare(VectorOperators.LE, high))
                    .cast(LS);
            acc = ((LongVector) m.toVector())
                    .and(LongVector.fromArray(LS, BIT, j))
                    .or(acc);
        }
        return LongVector.zero(LS).or(acc).reduceLanes(VectorOperators.OR);
    }

    /**
     * Packed str values in place to longs whose signed order is their bytes' unsigned order
     * ({@code Long.reverseBytes(x) ^ Long.MIN_VALUE}, with shifts: JDK 17 has no lanewise
     * REVERSE_BYTES). {@code n} a multiple of {@link #L}.
     */
    static void order(long[] a, int n) {
        for (int i = 0; i < n; i += L) {
            LongVector x = LongVector.fromArray(LS, a, i);
            x = x.and(0x00FF00FF00FF00FFL)
                    .lanewise(VectorOperators.LSHL, 8)
                    .or(x.lanewise(VectorOperators.LSHR, 8).and(0x00FF00FF00FF00FFL));
            x = x.and(0x0000FFFF0000FFFFL)
                    .lanewise(VectorOperators.LSHL, 16)
                    .or(x.lanewise(VectorOperators.LSHR, 16).and(0x0000FFFF0000FFFFL));
            x = x.lanewise(VectorOperators.LSHL, 32).or(x.lanewise(VectorOperators.LSHR, 32));
            x.lanewise(VectorOperators.XOR, Long.MIN_VALUE).intoArray(a, i);
        }
    }
}
