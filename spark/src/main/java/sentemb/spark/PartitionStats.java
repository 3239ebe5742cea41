package sentemb.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One partition's numbers for the scale benchmark: where it ran, rows, wall time, the time to
 * its first vector (model look-up plus the first chunk), the JVM's peak resident memory
 * (VmHWM, native libtorch memory included) and whether this partition loaded the model.
 */
record PartitionStats(String executor, int partition, long rows, double seconds, double firstVectorSeconds, long peakRssKb,
                      boolean loadedModel) implements java.io.Serializable {

    /** Peak resident set of this process in kB from /proc/self/status, or -1 where there is none. */
    static long currentPeakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
