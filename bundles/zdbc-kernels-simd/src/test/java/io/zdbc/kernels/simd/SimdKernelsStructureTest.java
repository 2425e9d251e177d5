package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape {@link Vec}'s class comment asks of the vector loops, read from the class file: no
 * method takes or returns a vector, and every loop the drivers call is bigger than C2's
 * FreqInlineSize (325 bytecodes on x86-64 and AArch64), so it is compiled on its own and never
 * inlined into a driver next to another loop. {@link BufferVec}'s loops are the exception: each
 * must inline into a driver of its own ({@link #BUFFER_LOOPS}).
 */
class SimdKernelsStructureTest {
    static final int FREQ_INLINE_SIZE = 325;
    static final List<String> LOOPS = List.of(
            "sumLong",
            "minLong",
            "maxLong",
            "sumDouble",
            "minDouble",
            "maxDouble",
            "vwapDense",
            "vwapMasked",
            "filterLong",
            "filterDouble");

    static final List<String> FUSED_LOOPS = List.of("testLong", "testDouble", "in", "aggLong", "aggDouble", "vwap");

    /**
     * The opposite rule: {@link BufferVec}'s loops must inline into their block drivers, where
     * C2 sees the buffer they read being made (see {@link BufferVec#vwapInPlace}).
     */
    static final List<String> BUFFER_LOOPS = List.of("vwapConvert", "vwapExact", "vwapF64");

    @Test
    void noMethodTakesOrReturnsAVector() throws IOException {
        for (Class<?> c : List.of(Vec.class, VecFused.class, BufferVec.class)) {
            for (Map.Entry<String, Integer> m : methods(c).entrySet()) {
                assertFalse(m.getKey().contains("Ljdk/incubator/vector/"), m.getKey());
            }
        }
    }

    @Test
    void theLoopsAreTooBigToInline() throws IOException {
        tooBigToInline(Vec.class, LOOPS);
        tooBigToInline(VecFused.class, FUSED_LOOPS);
    }

    @Test
    void theBufferLoopsAreSmallEnoughToInline() throws IOException {
        Map<String, Integer> methods = methods(BufferVec.class);
        for (String loop : BUFFER_LOOPS) {
            List<Map.Entry<String, Integer>> found = methods.entrySet().stream()
                    .filter(m -> m.getKey().startsWith(loop + "("))
                    .toList();
            assertEquals(1, found.size(), loop + " in " + methods.keySet());
            assertTrue(found.get(0).getValue() < FREQ_INLINE_SIZE, found.get(0) + " bytecodes: too big to inline");
        }
    }

    private static void tooBigToInline(Class<?> c, List<String> loops) throws IOException {
        Map<String, Integer> methods = methods(c);
        for (String loop : loops) {
            boolean found = false;
            for (Map.Entry<String, Integer> m : methods.entrySet()) {
                if (m.getKey().startsWith(loop + "(")) {
                    found = true;
                    assertTrue(
                            m.getValue() > FREQ_INLINE_SIZE, m.getKey() + " has only " + m.getValue() + " bytecodes");
                }
            }
            assertTrue(found, loop + " not found in " + methods.keySet());
        }
    }

    /** name + descriptor -> code length, from the class file. */
    static Map<String, Integer> methods(Class<?> c) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (InputStream raw = c.getResourceAsStream(c.getSimpleName() + ".class");
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1:
                        utf8[i] = in.readUTF();
                        break;
                    case 7:
                    case 8:
                    case 16:
                    case 19:
                    case 20:
                        in.readUnsignedShort();
                        break;
                    case 15:
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                        break;
                    case 3:
                    case 4:
                    case 9:
                    case 10:
                    case 11:
                    case 12:
                    case 17:
                    case 18:
                        in.readInt();
                        break;
                    case 5:
                    case 6:
                        in.readLong();
                        i++;
                        break;
                    default:
                        throw new IOException("constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            skip(in, in.readUnsignedShort() * 2);
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                skip(in, 6);
                skipAttributes(in);
            }
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                int code = 0;
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        skip(in, 4);
                        code = in.readInt();
                        skip(in, length - 8);
                    } else {
                        skip(in, length);
                    }
                }
                out.put(name + descriptor, code);
            }
        }
        return out;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int a = 0; a < n; a++) {
            in.readUnsignedShort();
            skip(in, in.readInt());
        }
    }

    private static void skip(DataInputStream in, int n) throws IOException {
        in.readFully(new byte[n]);
    }
}
