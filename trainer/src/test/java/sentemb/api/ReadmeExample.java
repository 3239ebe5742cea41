package sentemb.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import sentemb.api.EmbeddingModel;

public class ReadmeExample {
    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);  // e.g. the folder `sentemb export` wrote
        Path corpus = Path.of(args[1]);    // one sentence per line
        EmbeddingModel.Options options = EmbeddingModel.Options.defaults()
                .batchSize(64)
                .normalize(true)           // unit vectors: cosine = dot product
                .device("cpu")             // or "gpu:0"
                .progress((done, total) -> System.err.println(done + " sentences embedded"));
        try (EmbeddingModel model = EmbeddingModel.load(modelDir, options)) {
            float[][] v = model.encode(List.of("A man is playing a guitar.", "A man plays the guitar."));
            double cosine = 0;
            for (int i = 0; i < model.dimension(); i++) {
                cosine += v[0][i] * v[1][i];
            }
            System.out.printf("dimension %d, cosine %.6f%n", model.dimension(), cosine);

            // a corpus of any size, streamed in input order in constant memory
            try (Stream<float[]> vectors = model.encode(Files.lines(corpus))) {
                System.out.println(vectors.count() + " corpus vectors");
            }
        }
    }
}
