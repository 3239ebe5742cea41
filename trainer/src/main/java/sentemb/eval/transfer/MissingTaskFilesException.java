package sentemb.eval.transfer;

import java.nio.file.Path;
import java.util.List;

/** A task whose data files are not all present. The evaluator reports such a task as missing. */
public class MissingTaskFilesException extends TransferDataException {
    private final transient List<String> missingFiles;

    public MissingTaskFilesException(TransferTask task, Path downstreamDir, List<String> missingFiles) {
        super(task + ": missing " + missingFiles + " under " + downstreamDir);
        this.missingFiles = List.copyOf(missingFiles);
    }

    public List<String> missingFiles() {
        return missingFiles;
    }
}
