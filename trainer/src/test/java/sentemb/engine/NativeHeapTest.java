package sentemb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * malloc_trim through JNA: available exactly where glibc is (told apart by the process's own
 * memory map, not by the code under test), a no-op without it, and it really returns freed
 * memory to the system.
 */
class NativeHeapTest {
    /** Whether this process runs on glibc: its C library, libc.so.6, is mapped (musl's is ld-musl-*.so.1). */
    private static boolean glibcMapped() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        return Files.isReadable(maps) && Files.readString(maps, StandardCharsets.US_ASCII).contains("/libc.so.6");
    }

    @Test
    void availableExactlyOnGlibc() throws IOException {
        NativeHeap heap = NativeHeap.system();
        assertEquals(glibcMapped(), heap.available(), heap.describe());
        Optional<Boolean> released = heap.trim();
        assertEquals(heap.available(), released.isPresent(), heap.describe());
        if (heap.available()) {
            assertTrue(heap.describe().startsWith("glibc 2."), heap.describe());
        }
    }

    @Test
    void withoutMallocTrimEverythingIsANoOp() {
        NativeHeap heap = new NativeHeap(name -> {
            throw new UnsatisfiedLinkError("Error looking up function '" + name + "': symbol not found");
        });
        assertFalse(heap.available());
        assertTrue(heap.describe().startsWith("no glibc malloc_trim on "), heap.describe());
        assertEquals(Optional.empty(), heap.trim());
        assertEquals(Optional.empty(), heap.trim()); // said once at DEBUG, never an error
        assertTrue(heap.afterStep(100, 100), "the hook still runs on schedule, doing nothing");
    }

    @Test
    void afterStepTrimsOnMultiplesOnly() {
        List<String> looked = new ArrayList<>();
        NativeHeap heap = new NativeHeap(name -> {
            looked.add(name);
            throw new UnsatisfiedLinkError(name);
        });
        assertEquals(List.of("gnu_get_libc_version"), looked, "glibc is checked first");
        assertFalse(heap.afterStep(99, 100));
        assertTrue(heap.afterStep(100, 100));
        assertTrue(heap.afterStep(300, 100));
        assertTrue(heap.afterStep(1, 1));
        assertFalse(heap.afterStep(100, 0), "0 = never");
        assertEquals("trim interval must be >= 0 steps (0 = off), got -1",
                assertThrows(IllegalArgumentException.class, () -> heap.afterStep(100, -1)).getMessage());
    }

    /**
     * 96 MB in 32 KB blocks (below glibc's mmap threshold, so they come from an arena), all freed
     * but the last, which pins the arena's top so that free() alone cannot shrink it: RSS stays up
     * until malloc_trim hands the free pages back.
     */
    @Test
    void trimReturnsFreedMemoryToTheSystem() throws IOException {
        NativeHeap heap = NativeHeap.system();
        if (!heap.available()) {
            assertFalse(glibcMapped(), "glibc is mapped but malloc_trim was not found: " + heap.describe());
            return;
        }
        int block = 32 * 1024;
        int n = 96 * 1024 * 1024 / block;
        long[] blocks = new long[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = Native.malloc(block);
            new Pointer(blocks[i]).setMemory(0, block, (byte) 1); // touched, so resident
        }
        for (int i = 0; i < n - 1; i++) {
            Native.free(blocks[i]);
        }
        try {
            long before = rssKb();
            assertEquals(Optional.of(true), heap.trim(), "glibc says it released memory");
            long after = rssKb();
            assertTrue(before - after > 48 * 1024, "RSS " + before + " kB -> " + after + " kB: expected at least 48 MB back");
        } finally {
            Native.free(blocks[n - 1]);
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
