package sentemb.bench;

import java.util.ArrayList;
import java.util.List;
import sentemb.train.TokenizedBatch;

/**
 * What each lever gains ({@code --sections levers}): per shape and mode, the default step, the
 * default with one lever off at a time ({@link Levers#eachOneOff}) and with all off (Hugging
 * Face's step), in the same rounds ({@link TrainingBench#rounds}). A row's {@code gain} is the
 * per-round ratio of its step time to the default's: how much slower the step is without the
 * lever, so how much the lever saves on its own with every other one on.
 */
final class LeverBench {
    private LeverBench() {}

    static List<BenchRow> run(BenchShape shape, TokenizedBatch batch, BenchOptions o) {
        List<BenchRow> rows = new ArrayList<>();
        List<Levers> levers = new ArrayList<>();
        levers.add(Levers.ALL);
        levers.addAll(Levers.eachOneOff());
        levers.add(Levers.NONE);
        for (TrainMode mode : TrainMode.values()) {
            TrainingBench.Rounds r = TrainingBench.rounds(shape, mode, batch, o, levers, null);
            Timing base = r.java().get(0);
            for (int k = 0; k < levers.size(); k++) {
                Timing t = r.java().get(k);
                BenchRow row = new BenchRow("levers", shape.name(), mode.key, levers.get(k).name())
                        .with("batch", batch.size()).with("padded_tokens", r.plans().get(k).paddedTokens(
                                TrainingBench.sequences(batch)))
                        .withTiming(t).with("throughput", batch.size() / t.median()).with("unit", "triplets/s");
                if (k > 0) {
                    TrainingBench.Spread g = TrainingBench.Spread.of(t, base);
                    row.with("gain", g.median()).with("gain_min", g.min()).with("gain_max", g.max())
                            .with("rounds", g.rounds());
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
