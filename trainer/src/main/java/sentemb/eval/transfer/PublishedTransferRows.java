package sentemb.eval.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The published rows in the classpath resource {@value #RESOURCE}. */
public final class PublishedTransferRows {
    public static final String RESOURCE = "/published/transfer.json";

    private PublishedTransferRows() {}

    /** The file's layout; Jackson refuses unknown keys, so a typo in the resource fails loudly. */
    record File(String description, List<String> columns, List<PublishedTransferRow> rows,
                List<Map<String, String>> notIncluded) {}

    public static List<PublishedTransferRow> load() {
        try (InputStream in = PublishedTransferRows.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is not on the classpath");
            }
            File f = new ObjectMapper().readValue(in, File.class);
            for (PublishedTransferRow row : f.rows()) {
                for (String task : row.scores().keySet()) {
                    if (!TransferTask.isTransferName(task) || task.equalsIgnoreCase(TransferTask.GROUP)) {
                        throw new IllegalStateException(RESOURCE + ": row '" + row.model() + "' has unknown task '"
                                + task + "'");
                    }
                }
            }
            return List.copyOf(f.rows());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
