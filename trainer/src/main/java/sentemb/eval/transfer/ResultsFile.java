package sentemb.eval.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import sentemb.eval.StsResults;
import sentemb.io.AtomicFiles;

/** Adds the transfer-task block to {@code results.json}, beside the STS numbers when there are any. */
public final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {}

    public static void addTransfer(Path resultsJson, String label, Map<String, Object> metadata, TransferReport report)
            throws IOException {
        ObjectNode root;
        if (Files.isRegularFile(resultsJson)) {
            root = (ObjectNode) JSON.readTree(resultsJson.toFile());
        } else {
            root = JSON.createObjectNode();
            root.put("schema", StsResults.SCHEMA);
            root.put("label", label);
            root.set("metadata", JSON.valueToTree(metadata));
        }
        root.set("transfer", JSON.valueToTree(report));
        AtomicFiles.writeBytes(resultsJson, JSON.writeValueAsBytes(root));
    }
}
