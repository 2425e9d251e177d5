package io.zdbc.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The format-blind mutations take any input, however short: a mutant of a mutant may be a few bytes. */
class ByteMutationsTest {
    @Test
    void everyMutationOfAFileShorterThanAnIntegerFieldIsAMutantNotAnException() {
        // Before the fix, writing a 4- or 8-byte value over a file of 0 to 7 bytes went past its end
        // (CSV import fuzz, seed -347804900396762075: a truncation, then this mutation).
        for (int n = 0; n <= 9; n++) {
            byte[] in = new byte[n];
            for (int seed = 0; seed < 400; seed++) {
                ByteMutations.any(in, new Random(seed));
            }
        }
    }

    @Test
    void putLeWritesTheLowBytesOfAnyWidthLittleEndian() {
        byte[] b = new byte[5];
        ByteMutations.putLe(b, 1, 3, 0x0A0B0C0DL);
        assertArrayEquals(new byte[] {0, 0x0D, 0x0C, 0x0B, 0}, b);
        ByteMutations.putLe(b, 0, 0, -1);
        assertEquals(0, b[0]);
    }
}
