package sentemb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.eval.PromptEolEncoder;
import sentemb.io.AtomicFiles;
import sentemb.model.OptModel;
import sentemb.text.OptTokenizer;
import sentemb.text.Representation;

/** {@code sentemb embed}: one vector per input line, as JSONL or .npy. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed one sentence per input line; writes JSONL {\"text\",\"embedding\"} or a float32 .npy matrix.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text, one sentence per line")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Output file: *.jsonl or *.npy")
    Path output;

    @Option(names = "--cleanup", description = "Apply the reference's evaluation text clean-up (off by default for embed)")
    boolean cleanup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String name = output.getFileName().toString();
        boolean npy = name.endsWith(".npy");
        if (!npy && !name.endsWith(".jsonl")) {
            throw new IllegalArgumentException("--output " + output + ": unsupported format; name it *.jsonl (text and vector per line)"
                    + " or *.npy (float32 matrix)");
        }
        OutputPaths.requireFileTarget("--output", output);
        Representation rep = model.prepare(cleanup);
        List<String> lines = SentenceFile.read(input);
        try (OptModel m = model.loadModel(); OptTokenizer tok = OptTokenizer.load(model.model)) {
            PromptEolEncoder encoder = model.encoder(m, tok, rep);
            int tooLong = encoder.firstTooLong(lines);
            if (tooLong >= 0) {
                throw new IllegalArgumentException(input + ":" + (tooLong + 1) + ": " + encoder.tooLongMessage(lines.get(tooLong)));
            }
            float[][] emb = encoder.encode(lines);
            byte[] bytes = npy ? npy(emb) : jsonl(lines, emb);
            AtomicFiles.writeBytes(output, bytes);
            spec.commandLine().getErr().println("wrote " + emb.length + " embeddings of dimension " + emb[0].length + " to " + output);
        }
        return 0;
    }

    static byte[] jsonl(List<String> lines, float[][] emb) throws IOException {
        ObjectMapper json = new ObjectMapper();
        var out = new java.io.ByteArrayOutputStream();
        try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            for (int i = 0; i < lines.size(); i++) {
                var row = new java.util.LinkedHashMap<String, Object>();
                row.put("text", lines.get(i));
                row.put("embedding", emb[i]);
                w.write(json.writeValueAsString(row));
                w.newLine();
            }
        }
        return out.toByteArray();
    }

    /** NumPy .npy v1.0: magic, header dict padded to 64 bytes, little-endian float32 rows. */
    static byte[] npy(float[][] emb) {
        int n = emb.length;
        int d = emb[0].length;
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float[] row : emb) {
            for (float v : row) {
                buf.putFloat(v);
            }
        }
        return buf.array();
    }
}
