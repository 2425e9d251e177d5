package io.zdbc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Packed str values (how views and kernels hand them out) read back without a String. */
class Str8PackedTest {
    private static final String[] VALUES = {
        "", "a", " a", "a b", "exactly8", "ninechars", "Zoë", "ZoëZoëZoë", "😀", "trail  "
    };

    @Test
    void unpackGivesBackTheEncodedBytes() {
        for (String s : VALUES) {
            byte[] got = new byte[10];
            Str8.unpack(Str8.pack(s), got, 1);
            byte[] want = new byte[10];
            Str8.encode(s, want, 1);
            assertArrayEquals(want, got, s);
        }
    }

    @Test
    void lengthIsTheUtf8LengthOfWhatDecodeReturns() {
        for (String s : VALUES) {
            long packed = Str8.pack(s);
            assertEquals(Str8.decode(packed).getBytes(StandardCharsets.UTF_8).length, Str8.length(packed), s);
        }
    }

    @Test
    void lengthDropsTrailingSpacesAndNulsButNotInnerOnes() {
        byte[] b = {'a', 0, ' ', 'b', ' ', 0, ' ', 0};
        assertEquals(4, Str8.length(Str8.pack(b, 0)));
        assertEquals(0, Str8.length(0L), "all NULs");
        assertEquals(0, Str8.length(Str8.pack("")), "all spaces");
        assertEquals(8, Str8.length(Str8.pack("exactly8")));
    }
}
