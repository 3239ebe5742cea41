package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Permutations against numpy's RandomState (fixtures/transfer/numpy_rng.json). */
class NumpyRandomStateTest {
    private static final JsonNode FIX = Fixtures.read("numpy_rng.json");

    @Test
    void consecutivePermutationsMatchNumpy() {
        NumpyRandomState rs = new NumpyRandomState(1111);
        assertArrayEquals(Fixtures.ints(FIX.get("seed1111_perm10")), rs.permutation(10));
        assertArrayEquals(Fixtures.ints(FIX.get("seed1111_then_perm1000")), rs.permutation(1000));
    }

    @Test
    void largestSeedAndLongPermutationMatchNumpy() throws Exception {
        assertArrayEquals(Fixtures.ints(FIX.get("seedMax_perm7")), new NumpyRandomState(Integer.MAX_VALUE).permutation(7));
        int[] p = new NumpyRandomState(0).permutation(70000);
        assertArrayEquals(Fixtures.ints(FIX.get("seed0_perm70000_first20")), Arrays.copyOf(p, 20));
        String joined = Arrays.stream(p).mapToObj(Integer::toString).collect(Collectors.joining(","));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.US_ASCII));
        assertEquals(FIX.get("seed0_perm70000_sha256").asText(), HexFormat.of().formatHex(sha));
    }

    @Test
    void rejectsSeedsNumpyRejects() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 31));
    }
}
