package sentemb.data.nli;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading speed of {@link NliTripletReader} on a real NLI file replicated N times (not a
 * unit test: run by hand, see data/README.md or the class's main).
 *
 * <pre>
 * mvn -q -o -pl trainer test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp trainer/target/test-classes:trainer/target/classes:$(cat /tmp/cp.txt) \
 *     sentemb.data.nli.NliReadBenchmark ../shared/data/nli/snli_triplets.csv 50 5
 * </pre>
 */
public final class NliReadBenchmark {
    private NliReadBenchmark() {}

    /** Writes {@code dir/<name>-xN.csv}: the header once, then the data rows N times. */
    static Path replicate(Path file, int times, Path dir) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int bodyStart = 0;
        while (all[bodyStart] != '\n') {
            bodyStart++;
        }
        bodyStart++;
        Path out = dir.resolve(file.getFileName().toString().replace(".csv", "") + "-x" + times + ".csv");
        try (OutputStream os = Files.newOutputStream(out)) {
            os.write(all, 0, bodyStart);
            for (int i = 0; i < times; i++) {
                os.write(all, bodyStart, all.length - bodyStart);
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: NliReadBenchmark <file.csv> [times=50] [repeats=5]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int times = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("nli-bench");
        Path big = replicate(file, times, dir);
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            NliTripletReader reader = new NliTripletReader();
            double[] wall = new double[repeats];
            double[] cpu = new double[repeats];
            int rows = 0;
            for (int i = 0; i < repeats; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                rows = reader.read(big).size();
                wall[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf("run %d: %d rows, wall %.3f s (%.0f rows/s), thread CPU %.3f s (%.0f rows/s)%n",
                        i, rows, wall[i], rows / wall[i], cpu[i], rows / cpu[i]);
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf("%s x%d = %d rows, %.1f MB: first/cold run included above; median wall %.0f rows/s,"
                            + " median thread CPU %.0f rows/s%n", file.getFileName(), times, rows, Files.size(big) / 1e6,
                    rows / wall[repeats / 2], rows / cpu[repeats / 2]);
        } finally {
            Files.deleteIfExists(big);
            Files.deleteIfExists(dir);
        }
    }
}
