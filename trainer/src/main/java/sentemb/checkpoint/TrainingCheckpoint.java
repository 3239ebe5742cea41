package sentemb.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sentemb.io.AtomicFiles;
import sentemb.model.weights.DType;
import sentemb.model.weights.HostTensor;
import sentemb.model.weights.SafetensorsReader;
import sentemb.model.weights.SafetensorsWriter;

/**
 * The files of one training checkpoint:
 * {@code trainable.safetensors} (master weights of the trainable parameters, canonical
 * names), {@code optimizer.safetensors} (AdamW moments), {@code state.json}
 * ({@link TrainingState}), {@code recipe.conf} (the fully resolved recipe) and a copy of the
 * metrics so far. Loading verifies the manifest first, so a partial or damaged checkpoint is
 * refused with a message naming what is wrong.
 */
public record TrainingCheckpoint(Path dir, Map<String, HostTensor> trainable, Map<String, HostTensor> optimizer,
        TrainingState state, String recipe) {

    public static final String TRAINABLE = "trainable.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String RECIPE = "recipe.conf";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the checkpoint files into {@code dir} (a temp dir that {@link RunDirectory} then publishes). */
    public static void write(Path dir, Map<String, HostTensor> trainable, Map<String, HostTensor> optimizer,
            TrainingState state, String recipe, Path metricsFile) throws IOException {
        requireFinite("trainable weights", trainable, state.step());
        requireFinite("optimizer state", optimizer, state.step());
        SafetensorsWriter.write(dir.resolve(TRAINABLE), trainable, Map.of("format", "sentemb-trainable-1"), DType.F32);
        KillPoints.reach(KillPoints.STEP_FILES);
        SafetensorsWriter.write(dir.resolve(OPTIMIZER), optimizer, Map.of("format", "sentemb-adamw-1"), DType.F32);
        AtomicFiles.writeBytes(dir.resolve(TrainingState.FILE), JSON.writeValueAsBytes(state));
        AtomicFiles.writeString(dir.resolve(RECIPE), recipe);
        if (metricsFile != null && Files.exists(metricsFile)) {
            Files.copy(metricsFile, dir.resolve(metricsFile.getFileName()));
        }
    }

    /** A checkpoint never holds inf or NaN: refuses naming the tensors (the run stops before saving them). */
    static void requireFinite(String what, Map<String, HostTensor> tensors, long step) {
        List<String> bad = new ArrayList<>();
        for (HostTensor t : tensors.values()) {
            for (float v : t.data()) {
                if (!Float.isFinite(v)) {
                    bad.add(t.name());
                    break;
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new NonFiniteException("not saving the checkpoint of step " + step + ": its " + what
                    + " hold inf/NaN values in " + bad + " (lower optimizer.lr, or check the data)");
        }
    }

    /** Reads only the state of a verified checkpoint. */
    public static TrainingState readState(Path dir) throws IOException {
        Manifest.verify(dir);
        try {
            return JSON.readValue(dir.resolve(TrainingState.FILE).toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new CorruptCheckpointException(dir.resolve(TrainingState.FILE) + " is unreadable: " + e.getMessage());
        }
    }

    /** Reads a checkpoint after verifying its manifest and checksums. */
    public static TrainingCheckpoint read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("checkpoint directory " + dir + " does not exist");
        }
        TrainingState state = readState(dir);
        return new TrainingCheckpoint(dir, SafetensorsReader.readAll(dir.resolve(TRAINABLE)),
                SafetensorsReader.readAll(dir.resolve(OPTIMIZER)), state, Files.readString(dir.resolve(RECIPE)));
    }

    /** Reads only the recipe of a verified checkpoint (export, eval of a run). */
    public static String readRecipe(Path dir) throws IOException {
        Manifest.verify(dir);
        return Files.readString(dir.resolve(RECIPE));
    }
}
