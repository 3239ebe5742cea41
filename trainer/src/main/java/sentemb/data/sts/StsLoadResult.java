package sentemb.data.sts;

import java.nio.file.Path;
import java.util.List;

/** Outcome of loading one task: its data, or the files that are absent. */
public sealed interface StsLoadResult {

    StsTask task();

    StsSplit split();

    /** All files were there and parsed. */
    record Loaded(StsDataset dataset) implements StsLoadResult {
        @Override
        public StsTask task() {
            return dataset.task();
        }

        @Override
        public StsSplit split() {
            return dataset.split();
        }
    }

    /** At least one required file is absent; nothing of the task was evaluated. */
    record Missing(StsTask task, StsSplit split, List<Path> missingFiles) implements StsLoadResult {
        public Missing {
            missingFiles = List.copyOf(missingFiles);
        }
    }
}
