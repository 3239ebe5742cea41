package sentemb.train;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link AdamW} groups its parameters for fused updates: each chunk holds parameters of one
 * device and one weight-decay flag, in their given order, whose sizes add up to at most
 * {@code maxElements} (a parameter larger than that is a chunk of its own). The optimizer runs
 * each chunk's element-wise update as a handful of ops on one flat buffer instead of a handful
 * per parameter; the cap keeps the scratch and gather buffers small for large models, where a
 * big op costs far more than the call that starts it.
 */
record FlatChunks(List<Chunk> chunks) {

    /** Parameter indices (into the optimizer's list) and their element offsets in the chunk. */
    record Chunk(Device device, boolean decay, int[] members, long[] offsets, long size) {
        boolean single() {
            return members.length == 1;
        }
    }

    record Entry(Device device, boolean decay, long size) {}

    static FlatChunks of(List<Entry> entries, long maxElements) {
        if (maxElements < 1) {
            throw new IllegalArgumentException("AdamW chunk size must be >= 1 element, got " + maxElements);
        }
        // group by (device, decay) in order of first appearance; each group keeps parameter order
        Map<Entry, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            groups.computeIfAbsent(new Entry(e.device(), e.decay(), 0), k -> new ArrayList<>()).add(i);
        }
        List<Chunk> chunks = new ArrayList<>();
        for (var g : groups.entrySet()) {
            List<Integer> open = new ArrayList<>();
            long openSize = 0;
            for (int i : g.getValue()) {
                long size = entries.get(i).size();
                if (!open.isEmpty() && openSize + size > maxElements) {
                    chunks.add(chunk(g.getKey(), open, entries));
                    open.clear();
                    openSize = 0;
                }
                open.add(i);
                openSize += size;
            }
            if (!open.isEmpty()) {
                chunks.add(chunk(g.getKey(), open, entries));
            }
        }
        return new FlatChunks(List.copyOf(chunks));
    }

    private static Chunk chunk(Entry group, List<Integer> members, List<Entry> entries) {
        int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
        long[] offsets = new long[idx.length];
        long size = 0;
        for (int k = 0; k < idx.length; k++) {
            offsets[k] = size;
            size += entries.get(idx[k]).size();
        }
        return new Chunk(group.device(), group.decay(), idx, offsets, size);
    }
}
