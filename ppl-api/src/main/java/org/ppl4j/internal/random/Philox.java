package org.ppl4j.internal.random;

/**
 * The Philox4x32-10 block function of Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3"
 * (SC11): a keyed bijection from a 128-bit counter to 128 random bits.
 *
 * <p>Ten rounds of two 32x32-bit multiplications (high and low halves) in a Feistel-like network,
 * with the key bumped by Weyl constants between rounds. Being a pure function of (counter, key), it
 * gives the same bits on every machine and lets any block of a stream be recomputed, which is what
 * {@link Rng#state()} relies on. Words are unsigned 32-bit values held in Java {@code int}s.
 *
 * <pre>{@code
 * int[] bits = Philox.block(new int[] {0, 0, 0, 0}, new int[] {0, 0});
 * // {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, Random123's known answer
 * }</pre>
 */
public final class Philox {
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox() {}

    /**
     * The 4 output words for a 4-word counter (word 0 least significant) and a 2-word key.
     *
     * @throws IllegalArgumentException if the arrays do not have 4 and 2 words
     */
    public static int[] block(int[] counter, int[] key) {
        if (counter.length != 4 || key.length != 2) {
            throw new IllegalArgumentException(
                    "Philox4x32 takes a 4-word counter and a 2-word key, got "
                            + counter.length
                            + " and "
                            + key.length
                            + " words");
        }
        int[] out = new int[4];
        block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
        return out;
    }

    /** Writes the 4 output words for counter {@code c0..c3} and key {@code k0, k1} into out. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
