package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.checkpoint.NonFiniteException;
import sentemb.checkpoint.RunDirectory;
import sentemb.checkpoint.RunLock;
import sentemb.checkpoint.TrainableTensors;
import sentemb.model.families.DecoderFamilies;
import sentemb.setup.RecipeSetup;
import sentemb.checkpoint.TrainingCheckpoint;
import sentemb.checkpoint.TrainingState;
import sentemb.data.nli.BatchCursor;
import sentemb.data.nli.EpochSampler;
import sentemb.data.nli.NliDataset;
import sentemb.data.nli.NliTripletReader;
import sentemb.data.nli.Triplet;
import sentemb.engine.NativeHeap;
import sentemb.io.AtomicFiles;
import sentemb.io.ProjectPaths;
import sentemb.model.ModelWeights;
import sentemb.model.weights.HostTensor;
import sentemb.recipe.Recipe;
import sentemb.text.PromptTokenizer;

/**
 * The PromptEOL+CSE training loop, in one readable method: for each step take the next
 * batch of NLI triplets, embed anchor/positive/hard-negative prompts, InfoNCE over the whole
 * global batch, sum gradients into the master weights, clip, AdamW with warmup-linear decay,
 * and every so often evaluate on STS-B dev and checkpoint.
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Recipe recipe;
    private final String resolvedRecipe;
    private final RunDirectory run;
    private final PromptTokenizer tokenizer;
    private final List<Replica> replicas;
    private final MasterWeights master;
    private final AdamW optimizer;
    private final DevEvaluation dev;
    private final ContrastiveStep step;

    private RunLock lock;

    /**
     * What a finished (or stopped) run leaves behind; {@code stoppedBy} names the signal
     * (TERM, INT) that stopped it early, with the exit status a command should report.
     */
    public record Outcome(Path runDir, long stepsDone, long totalSteps, Optional<Path> best, List<TrainingState.EvalPoint> evals,
            double lastLoss, Optional<Stop> stoppedBy) {}

    /** A run stopped by a signal: {@code signal} is TERM or INT; {@code exitStatus} is 128 + its number. */
    public record Stop(String signal, int exitStatus) {}

    public Trainer(Recipe recipe, String resolvedRecipe) throws IOException {
        this.recipe = recipe;
        this.resolvedRecipe = resolvedRecipe;
        this.run = new RunDirectory(recipe.run().runDir());
        if (recipe.model().path().isPresent()) {
            DecoderFamilies.readConfig(ProjectPaths.resolve(recipe.model().path().get())); // a bad model folder is named as such, first
        }
        this.tokenizer = RecipeSetup.tokenizer(recipe);
        this.replicas = Replicas.build(recipe, tokenizer.padId());
        this.master = new MasterWeights(replicas, name -> !AdamW.noDecay(name));
        Recipe.Optimizer o = recipe.optimizer();
        this.optimizer = new AdamW(master.params(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.variant());
        this.dev = new DevEvaluation(recipe, replicas.get(0).model(), tokenizer);
        this.step = new ContrastiveStep(replicas,
                new InfoNceLoss(recipe.loss().temperature(), recipe.loss().hardNegativeWeight()),
                recipe.batch().microSize(), recipe.run().seed(), recipe.concurrentReplicas());
    }

    /**
     * Trains from scratch, or from {@code resume} (a checkpoint directory), until the schedule
     * ends or {@code stopAfter} steps have been done in total (a planned interruption).
     */
    public Outcome train(Optional<Path> resume, long stopAfter) throws IOException {
        NliDataset data = new NliTripletReader().withMaxBadRows(recipe.data().maxBadRows())
                .read(ProjectPaths.resolve(recipe.data().train())); // bad data is refused before the run folder exists
        if (lock == null) {
            lock = RunLock.acquire(run.path()); // before any clean-up: a second run on the folder touches nothing
        }
        run.recoverInterruptedSaves();
        if (resume.isEmpty() && !run.steps().isEmpty()) {
            throw new IllegalArgumentException("run directory " + run.path() + " already holds checkpoints " + run.steps()
                    + "; continue it with `sentemb train --resume " + run.path() + "`, or set another run.name");
        }
        if (!data.badRows().isClean()) {
            LOG.warn("{}", data.badRows().summary());
        }
        EpochSampler sampler = EpochSampler.builder(data).batchSize(recipe.batch().size()).seed(recipe.run().seed())
                .noDuplicateTexts(recipe.data().noDuplicates()).build();
        long total = recipe.schedule().maxSteps() > 0 ? recipe.schedule().maxSteps() : sampler.totalSteps(recipe.schedule().epochs());
        LinearWarmupSchedule schedule = new LinearWarmupSchedule(recipe.optimizer().lr(), recipe.schedule().warmupSteps(), total);
        LossScaler scaler = recipe.precision() == Recipe.Precision.FP16 ? LossScaler.fp16() : LossScaler.disabled();
        // DDP's averaging is over devices; a device's cpu-workers together compute its gradient
        int divisor = recipe.optimizer().gradDivisor() == 0 ? recipe.devices().size() : recipe.optimizer().gradDivisor();
        TripletTokenizer triplets = new TripletTokenizer(tokenizer, RecipeSetup.trainRepresentation(recipe));

        BatchCursor cursor = BatchCursor.START;
        long done = 0;
        List<TrainingState.EvalPoint> evals = new ArrayList<>();
        long bestStep = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        if (resume.isPresent()) {
            TrainingCheckpoint ck = TrainingCheckpoint.read(resume.get());
            restore(ck);
            cursor = sampler.resume(ck.state().sampler());
            done = ck.state().step();
            scaler.restore(ck.state().lossScaler());
            evals.addAll(ck.state().evalHistory());
            bestStep = ck.state().bestStep();
            bestScore = ck.state().bestScore();
            if (recipe.checkpoint().keepBest()) {
                run.repairBest(bestStep);
            }
            LOG.info("resumed from {} at step {} of {}", resume.get(), done, total);
        }
        AtomicFiles.writeString(run.path().resolve("recipe.conf"), resolvedRecipe);
        LOG.info("training {} steps of {} triplets on {} ({} trainable tensors, {} parameters), run folder {}", total,
                recipe.batch().size(), devicesDescription(), master.params().size(), trainableCount(), run.path());

        double lastLoss = Double.NaN;
        long started = System.nanoTime();
        Optional<Stop> stop = Optional.empty();
        try (MetricsLog metrics = new MetricsLog(run.path(), recipe.logging().format() == Recipe.LogFormat.JSONL ? "jsonl" : "csv", done);
                StepProgress progress = new StepProgress(recipe.logging().progress(), total, done);
                StopSignals signals = StopSignals.install()) {
            while (done < total && done < stopAfter && stop.isEmpty()) {
                List<Triplet> rows = rowsOf(data, sampler.batch(cursor));
                cursor = sampler.next(cursor);
                double lr = schedule.lr(done);
                long t0 = System.nanoTime();
                ContrastiveStep.Result r = step.run(done, triplets.tokenize(rows), scaler.scale());
                double gradNorm = applyGradients(scaler, divisor, lr);
                double seconds = (System.nanoTime() - t0) / 1e9;
                done++;
                requireFiniteWeights(done);
                NativeHeap.system().afterStep(done, recipe.memory().trimEvery()); // keeps RSS flat (docs/bench.md, Memory)
                lastLoss = r.loss();
                Map<String, Number> row = new LinkedHashMap<>();
                row.put("step", done);
                row.put("epoch", cursor.epoch() + (double) cursor.step() / sampler.stepsPerEpoch());
                row.put("loss", r.loss());
                row.put("lr", lr);
                row.put("grad_norm", gradNorm);
                row.put("tokens_per_s", r.tokens() / seconds);
                row.put("triplets_per_s", rows.size() / seconds);
                row.put("elapsed_s", (System.nanoTime() - started) / 1e9);
                boolean evalNow = recipe.eval().every() > 0 && done % recipe.eval().every() == 0;
                if (evalNow) {
                    double score = dev.score();
                    evals.add(new TrainingState.EvalPoint(done, score));
                    row.put("stsb_dev_spearman", score);
                    progress.devScore(score);
                    if (score > bestScore) {
                        bestScore = score;
                        bestStep = done;
                    }
                }
                metrics.log(row);
                progress.update(done, r.loss(), lr, r.tokens() / seconds);
                stop = signals.requested(); // decided once per step, before the save decision
                boolean newBest = evalNow && bestStep == done && recipe.checkpoint().keepBest();
                // a new best is always a step checkpoint too, so best/ is a copy of a step the state names
                if (done % recipe.checkpoint().saveEvery() == 0 || done == total || done == stopAfter || newBest || stop.isPresent()) {
                    TrainingState state = new TrainingState(1, done, total, sampler.state(cursor), scaler.state(), List.copyOf(evals),
                            bestStep, bestScore, master.params().stream().map(TrainableParam::name).toList(), Instant.now().toString());
                    RunDirectory.CheckpointWriter w = dir -> TrainingCheckpoint.write(dir, trainableSnapshot(),
                            optimizerSnapshot(), state, resolvedRecipe, metrics.file());
                    run.saveStep(done, w, newBest, recipe.checkpoint().keepLast());
                }
            }
        }
        LOG.info("{} at step {} of {}", done == total ? "finished" : "stopped", done, total);
        Optional<Path> best = Optional.empty();
        if (bestStep >= 0 && recipe.checkpoint().keepBest()) {
            run.repairBest(bestStep); // a no-op unless best/ and the state disagree
            best = Optional.of(run.bestDir());
        }
        return new Outcome(run.path(), done, total, best, evals, lastLoss, stop);
    }

    /** After every update: no weight may be inf or NaN, so no checkpoint (or evaluation) ever sees one. */
    private void requireFiniteWeights(long step) {
        // one sum per tensor and one transfer: a sum is finite only if every element is
        ai.djl.ndarray.NDList sums = new ai.djl.ndarray.NDList(master.params().size());
        float total;
        try {
            for (TrainableParam p : master.params()) {
                try (NDArray v = p.array().stopGradient()) {
                    sums.add(v.sum());
                }
            }
            try (NDArray stacked = ai.djl.ndarray.NDArrays.stack(sums); NDArray all = stacked.sum()) {
                total = all.getFloat();
            }
        } finally {
            sums.close();
        }
        if (Float.isFinite(total)) {
            return;
        }
        List<String> bad = new ArrayList<>();
        for (TrainableParam p : master.params()) {
            for (float x : p.array().toFloatArray()) {
                if (!Float.isFinite(x)) {
                    bad.add(p.name());
                    break;
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new NonFiniteException("step " + step + " made the weights inf/NaN in " + bad + "; stopping before any checkpoint"
                    + " holds them (lower optimizer.lr, or check the data)");
        }
    }

    /** Sums, unscales, checks, clips and applies the gradients; returns the pre-clip norm. */
    /** The devices, and how many workers share each CPU replica's batch. */
    private String devicesDescription() {
        String d = recipe.devices().toString();
        return recipe.devices().contains("cpu") && recipe.cpuWorkers() > 1
                ? d + " (" + recipe.cpuWorkers() + " workers per cpu, " + recipe.replicaCount() + " replicas)" : d;
    }

    private double applyGradients(LossScaler scaler, int divisor, double lr) {
        List<NDArray> grads = master.summedGradients(scaler.scale() * divisor);
        try {
            double norm = Double.NaN;
            if (scaler.update(grads)) {
                double maxNorm = recipe.optimizer().maxGradNorm();
                float total = GradClipping.globalNorm(grads);
                norm = total;
                if (!Double.isFinite(norm)) {
                    throw new IllegalStateException("gradient is not finite in " + nonFinite(grads)
                            + "; stopping before the weights are damaged (lower optimizer.lr, or check the data)");
                }
                // clipping's scale is applied inside the step: the same values as GradClipping.clip, fewer calls
                optimizer.step(lr, grads, maxNorm > 0 ? GradClipping.coefficient(total, maxNorm) : 1f);
                master.broadcast();
            } else {
                LOG.warn("fp16 overflow: step skipped, loss scale now {}", scaler.scale());
            }
            return norm;
        } finally {
            grads.forEach(NDArray::close);
            master.zeroReplicaGradients();
        }
    }

    private String nonFinite(List<NDArray> grads) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            try (NDArray b = grads.get(i).isNaN().logicalOr(grads.get(i).isInfinite()).any()) {
                if (b.getBoolean()) {
                    bad.add(master.params().get(i).name());
                }
            }
        }
        return bad.toString();
    }

    private static List<Triplet> rowsOf(NliDataset data, int[] idx) {
        List<Triplet> rows = new ArrayList<>(idx.length);
        for (int i : idx) {
            rows.add(data.get(i));
        }
        return rows;
    }

    private long trainableCount() {
        return master.params().stream().mapToLong(p -> p.shape().size()).sum();
    }

    Map<String, HostTensor> trainableSnapshot() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (TrainableParam p : master.params()) {
            out.put(p.name(), ModelWeights.toHost(p.name(), p.array(), "master weights"));
        }
        return out;
    }

    private Map<String, HostTensor> optimizerSnapshot() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            for (var e : optimizer.stateDict(m).entrySet()) {
                NDArray a = e.getValue();
                if (a.getDataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
                    a = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                }
                out.put(e.getKey(), ModelWeights.toHost(e.getKey(), a, "optimizer"));
            }
        }
        return out;
    }

    /** Loads trainable weights and optimizer state, checking names and shapes. */
    private void restore(TrainingCheckpoint ck) {
        Map<String, NDArray> targets = new LinkedHashMap<>();
        for (TrainableParam p : master.params()) {
            targets.put(p.name(), p.array());
        }
        TrainableTensors.copyInto(ck, targets);
        master.broadcast();
        try (NDManager m = NDManager.newBaseManager(master.params().get(0).array().getDevice())) {
            Map<String, NDArray> state = new LinkedHashMap<>();
            for (var e : ck.optimizer().entrySet()) {
                HostTensor t = e.getValue();
                NDArray a = m.create(t.data(), new Shape(t.shape()));
                state.put(e.getKey(), e.getKey().equals(AdamW.STEP_KEY) ? a.toType(ai.djl.ndarray.types.DataType.INT64, false) : a);
            }
            optimizer.loadStateDict(state, ck.dir().resolve(TrainingCheckpoint.OPTIMIZER).toString());
        }
    }

    /** Replica 0's model, for evaluation after training. */
    public Replica primary() {
        return replicas.get(0);
    }

    public PromptTokenizer tokenizer() {
        return tokenizer;
    }

    /** Loads the trainable weights of a checkpoint (e.g. best/) into every replica. */
    public void loadWeights(Path checkpointDir) throws IOException {
        restore(TrainingCheckpoint.read(checkpointDir));
    }

    @Override
    public void close() {
        step.close();
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("cannot release the lock of {}: {}", run.path(), e.getMessage());
            }
        }
        optimizer.close();
        master.close();
        replicas.forEach(Replica::close);
        tokenizer.close();
    }

    /** The progress bar (step, loss, lr, tokens/s, ETA, last dev score), or ten log lines (and one per dev score) without a console. */
    private static final class StepProgress implements AutoCloseable {
        private final ProgressBar bar;
        private final long total;
        private final long every;

        StepProgress(boolean enabled, long total, long start) {
            this.total = total;
            this.every = Math.max(1, total / 10);
            this.bar = enabled && System.console() != null
                    ? new ProgressBarBuilder().setTaskName("train").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                            .setUnit(" steps", 1).startsFrom(start, java.time.Duration.ZERO).build()
                    : null;
        }

        /** The latest dev score: kept in the bar (a log line would push the bar down), logged once without one. */
        private String dev = "";
        private boolean devPending;

        void devScore(double score) {
            dev = String.format(Locale.ROOT, ", dev Spearman %.4f", score);
            devPending = true;
        }

        void update(long step, double loss, double lr, double tokensPerSecond) {
            String msg = String.format(Locale.ROOT, "loss %.4f lr %.2e %.0f tok/s", loss, lr, tokensPerSecond)
                    + (bar != null || devPending ? dev : "");
            if (bar != null) {
                bar.stepTo(step);
                bar.setExtraMessage(msg);
            } else if (step % every == 0 || step == total || devPending) {
                LOG.info("step {}/{}: {}", step, total, msg);
                devPending = false;
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
