package sentemb.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import sentemb.data.sts.StsTask;

/** The published STS rows shipped in the resource {@value #RESOURCE}. */
public final class PublishedRows {
    private PublishedRows() {}

    public static final String RESOURCE = "/published/sts.json";

    public static List<PublishedRow> load() {
        try (InputStream in = PublishedRows.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is not on the class path");
            }
            ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            JsonNode root = mapper.readTree(in);
            List<PublishedRow> rows = new ArrayList<>();
            for (JsonNode row : root.path("rows")) {
                PublishedRow r = mapper.treeToValue(row, PublishedRow.class);
                for (StsTask t : StsTask.values()) {
                    if (!r.scores().containsKey(t.taskName())) {
                        throw new IllegalStateException(RESOURCE + ": row '" + r.model() + "' has no entry for "
                                + t.taskName() + " (use null for an unknown score)");
                    }
                }
                rows.add(r);
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
