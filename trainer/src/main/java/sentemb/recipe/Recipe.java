package sentemb.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import sentemb.model.lora.LoraConfig;

/**
 * A validated training recipe: one record per group of {@code recipes/base.conf}, field for
 * field (kebab-case keys become camelCase fields). Build one with {@link RecipeLoader}; every
 * value has passed its type and range checks there, so consumers need not re-check.
 *
 * <p>Paths are kept as written; relative ones are meant to be resolved against the working
 * directory the run was started from.
 */
public record Recipe(
        Run run,
        Model model,
        Representation representation,
        Data data,
        Loss loss,
        Lora lora,
        Optimizer optimizer,
        Schedule schedule,
        Batch batch,
        List<String> devices,
        Precision precision,
        Concurrency concurrency,
        int cpuWorkers,
        Checkpoint checkpoint,
        Eval eval,
        Logging logging,
        Memory memory) {

    public Recipe {
        Objects.requireNonNull(run);
        Objects.requireNonNull(model);
        Objects.requireNonNull(representation);
        Objects.requireNonNull(data);
        Objects.requireNonNull(loss);
        Objects.requireNonNull(lora);
        Objects.requireNonNull(optimizer);
        Objects.requireNonNull(schedule);
        Objects.requireNonNull(batch);
        devices = List.copyOf(devices);
        Objects.requireNonNull(precision);
        Objects.requireNonNull(concurrency);
        Objects.requireNonNull(checkpoint);
        Objects.requireNonNull(eval);
        Objects.requireNonNull(logging);
        Objects.requireNonNull(memory);
    }

    /** This recipe with {@code logging} in place of its own. */
    public Recipe withLogging(Logging logging) {
        return new Recipe(run, model, representation, data, loss, lora, optimizer, schedule, batch, devices, precision,
                concurrency, cpuWorkers, checkpoint, eval, logging, memory);
    }

    /** Number of data-parallel replicas (entries of {@code devices}). */
    public int replicas() {
        return devices.size();
    }

    /** Triplets each replica encodes per step: {@code batch.size / replicas}. */
    public int perReplicaBatch() {
        return batch.size() / replicas();
    }

    /**
     * The whole recipe as HOCON, every setting spelled out, comments stripped, groups in the
     * order of base.conf. Print it when a run starts and save it in every checkpoint;
     * {@link RecipeLoader#fromResolvedHocon} reads it back to an equal recipe.
     */
    public String resolvedHocon() {
        return RecipeWriter.write(this);
    }

    /** {@code run.*}: naming, output folder, seed. */
    public record Run(String name, Path dir, int seed) {
        public Run {
            Objects.requireNonNull(name);
            Objects.requireNonNull(dir);
        }

        /** The run's own folder, {@code <dir>/<name>}. */
        public Path runDir() {
            return dir.resolve(name);
        }
    }

    /** {@code model.*}: where the weights and tokenizer come from, dropout overrides. */
    public record Model(
            Optional<Path> path,
            Optional<Path> tokenizer,
            ModelInit init,
            Optional<Double> dropout,
            Optional<Double> attentionDropout) {
        public Model {
            Objects.requireNonNull(path);
            Objects.requireNonNull(tokenizer);
            Objects.requireNonNull(init);
            Objects.requireNonNull(dropout);
            Objects.requireNonNull(attentionDropout);
        }

        /** The shipped tokenizer used by random models when {@code model.tokenizer} is null. */
        public static final Path SHIPPED_TOKENIZER = Path.of("data/tokenizer");

        /** {@code model.tokenizer}, else {@code model.path}, else {@link #SHIPPED_TOKENIZER}. */
        public Path tokenizerDir() {
            return tokenizer.orElseGet(() -> path.orElse(SHIPPED_TOKENIZER));
        }
    }

    /** {@code model.init.*}: shape and seed of a random OPT model (used when model.path is null). */
    public record ModelInit(
            int vocabSize,
            int hiddenSize,
            int numLayers,
            int numHeads,
            int ffnDim,
            int maxPositions,
            Optional<Integer> wordEmbedProjDim,
            boolean doLayerNormBefore,
            int seed) {
        public ModelInit {
            Objects.requireNonNull(wordEmbedProjDim);
        }

        /** {@code word-embed-proj-dim}, or {@code hidden-size} when it is null. */
        public int effectiveWordEmbedProjDim() {
            return wordEmbedProjDim.orElse(hiddenSize);
        }
    }

    /** {@code representation.*}: how a sentence becomes a vector. */
    public record Representation(
            String template, Optional<Demonstration> demonstration, sentemb.model.Pooling pooling, int cutoff) {
        public Representation {
            Objects.requireNonNull(template);
            Objects.requireNonNull(demonstration);
            Objects.requireNonNull(pooling);
        }
    }

    /**
     * An in-context demonstration: {@code This sentence : "<sentence>" means in one word:"<word>".}
     * {@code preset} names the paper's per-model choice it came from, if any.
     */
    public record Demonstration(Optional<String> preset, String sentence, String word) {
        public Demonstration {
            Objects.requireNonNull(preset);
            Objects.requireNonNull(sentence);
            Objects.requireNonNull(word);
        }
    }

    /** {@code data.*}: training triplets. */
    public record Data(Path train, int maxBadRows, boolean noDuplicates) {
        public Data {
            Objects.requireNonNull(train);
        }
    }

    /** {@code loss.*}: InfoNCE settings. */
    public record Loss(double temperature, double hardNegativeWeight) {}

    /**
     * {@code lora.*}: adapters; {@code enabled = false} means full fine-tuning. Alpha is an
     * integer, as PEFT's {@code lora_alpha}. {@code targets} is empty only when the recipe
     * leaves it null and the model's family could not be read when the recipe was (the reader
     * fills in the family's default whenever it can); {@link #adapter} resolves it then.
     */
    public record Lora(boolean enabled, int r, int alpha, double dropout, Optional<List<String>> targets) {
        /**
         * Every module name some decoder family lets LoRA target (OPT: q/k/v/out_proj, fc1, fc2;
         * LLaMA: q/k/v/o_proj, gate/up/down_proj); the model's own family is checked when the
         * recipe is read (if its config.json can be) and when the adapters are injected.
         */
        public static final List<String> ALL_TARGETS = sentemb.model.families.DecoderFamilies.ALL.stream()
                .flatMap(f -> f.loraTargets().stream()).distinct().toList();

        public Lora {
            targets = targets.map(List::copyOf);
        }

        /** With named targets. */
        public Lora(boolean enabled, int r, int alpha, double dropout, List<String> targets) {
            this(enabled, r, alpha, dropout, Optional.of(targets));
        }

        /** The adapters for a model of {@code family}: the recipe's targets, or the family's default when it names none. */
        public LoraConfig adapter(sentemb.model.DecoderFamily family) {
            return new LoraConfig(r, alpha, dropout, targets.orElseGet(family::defaultLoraTargets));
        }

        /** The adapter scale {@code alpha / r}. */
        public double scaling() {
            return (double) alpha / r;
        }
    }

    /** {@code optimizer.*}: AdamW and gradient clipping ({@code maxGradNorm == 0} = off). */
    public record Optimizer(double lr, double weightDecay, double beta1, double beta2, double eps, double maxGradNorm,
            Variant variant, int gradDivisor) {
        /** {@code optimizer.variant}: which AdamW formula (see {@code sentemb.train.AdamW}). */
        public enum Variant { TORCH, HF_LEGACY }
    }

    /** {@code schedule.*}: warm-up then linear decay; {@code maxSteps == -1} = from epochs. */
    public record Schedule(int warmupSteps, int epochs, int maxSteps) {}

    /**
     * {@code batch.*}: global triplets per step; {@code microSize > 0} = GradCache chunks;
     * {@code packed}: forwards over the real tokens only ({@link sentemb.model.PackedBatch}),
     * else one forward over the batch padded to its longest (the Hugging Face computation).
     */
    public record Batch(int size, int microSize, boolean packed) {
        public Batch(int size, int microSize) {
            this(size, microSize, true);
        }
    }

    /** {@code checkpoint.*}: how often to save and what to keep. */
    public record Checkpoint(int saveEvery, int keepLast, boolean keepBest) {}

    /** {@code eval.*}: dev evaluation during training and test evaluation at the end. */
    public record Eval(int every, Path data, List<String> tasks, int batchSize, List<String> finalTasks) {
        /** Tasks with a dev split, usable during training (SentEval names). */
        public static final List<String> DEV_TASKS = List.of("STSBenchmark", "SICKRelatedness");

        /** Tasks scored on their test split at the end (SentEval names): STS, then transfer. */
        public static final List<String> FINAL_TASKS = List.of(
                "STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark", "SICKRelatedness",
                "MR", "CR", "SUBJ", "MPQA", "SST2", "TREC", "MRPC");

        public Eval {
            Objects.requireNonNull(data);
            tasks = List.copyOf(tasks);
            finalTasks = List.copyOf(finalTasks);
        }
    }

    /** {@code logging.*}: log file format, progress bar, charts. */
    public record Logging(LogFormat format, boolean progress, boolean plot) {
        public Logging {
            Objects.requireNonNull(format);
        }
    }

    /**
     * {@code memory.*}: {@code trimEvery} steps between two {@code malloc_trim(0)} calls, which
     * hand glibc's freed native memory back to the system (0 = never; see {@code sentemb.engine.NativeHeap}).
     */
    public record Memory(int trimEvery) {}

    /** The spelling of an enum setting in recipes: its lower-case constant name. */
    public static String recipeName(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }

    /** {@code precision}. */
    public enum Precision { FP32, FP16 }

    /** {@code concurrency}: how the replicas' passes run. */
    public enum Concurrency { AUTO, CONCURRENT, SEQUENTIAL }

    /**
     * Whether the replicas run at the same time: {@code auto} means yes. Replicas on the CPU then
     * split libtorch's intra-op threads between them, each core running one replica's ops
     * ({@code ContrastiveStep}); run one after another, each gets them all.
     */
    public boolean concurrentReplicas() {
        return concurrency != Concurrency.SEQUENTIAL;
    }

    /** Replicas a recipe trains: {@code cpu-workers} for each {@code "cpu"} entry of devices, one per GPU. */
    public int replicaCount() {
        int n = 0;
        for (String d : devices) {
            n += d.equals("cpu") ? cpuWorkers : 1;
        }
        return n;
    }

    /** Whether some replica computes in fp16 on the CPU (allowed for debugging fp16 numerics, but slow). */
    public boolean fp16OnCpu() {
        return precision == Precision.FP16 && devices.contains("cpu");
    }

    /** {@code logging.format}. */
    public enum LogFormat { CSV, JSONL }
}
