package capsim.kernel;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Named, seeded random streams: one per component ("machined.dispatch", "guest.boot"), each
 * seeded from the run seed and the stream's name. Two variants of an experiment run with the same
 * seed therefore draw the same numbers in each component (common random numbers), however many
 * draws other components make.
 */
public final class RandomStreams {
    private final long seed;
    private final Map<String, RandomGenerator> streams = new TreeMap<>();

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public RandomGenerator stream(String name) {
        return streams.computeIfAbsent(name, n -> new Well19937c(seedFor(seed, n)));
    }

    /** Seed of stream {@code name}: SplitMix64 over the run seed and a 64-bit FNV-1a of the name. */
    public static int[] seedFor(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        long x = seed ^ h;
        int[] words = new int[8];
        for (int i = 0; i < words.length; i += 2) {
            long z = splitMix(x += 0x9e3779b97f4a7c15L);
            words[i] = (int) z;
            words[i + 1] = (int) (z >>> 32);
        }
        return words;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** An exponential variate with the given mean, by inversion (one uniform per draw). */
    public static double exponential(RandomGenerator rng, double mean) {
        return -mean * Math.log1p(-rng.nextDouble());
    }
}
