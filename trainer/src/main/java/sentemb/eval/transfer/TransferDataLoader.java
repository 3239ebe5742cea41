package sentemb.eval.transfer;

import java.nio.file.Path;
import java.util.List;

/** Loads a task from SentEval's {@code data/downstream} folder exactly as SentEval does. */
public final class TransferDataLoader {
    private TransferDataLoader() {}

    /**
     * @throws MissingTaskFilesException if any of the task's files is absent
     * @throws TransferDataException if a file is malformed (the message names file and line)
     */
    public static TaskData load(Path downstreamDir, TransferTask task) {
        List<String> missing = task.missingFiles(downstreamDir);
        if (!missing.isEmpty()) {
            throw new MissingTaskFilesException(task, downstreamDir, missing);
        }
        List<Path> f = task.files().stream().map(downstreamDir::resolve).toList();
        return switch (task) {
            case MR, CR, SUBJ, MPQA -> new TaskData.CrossValidation(task, BinaryTaskReader.read(f.get(0), f.get(1)));
            case SST2 -> new TaskData.TrainDevTest(task,
                    SstReader.read(f.get(0)), SstReader.read(f.get(1)), SstReader.read(f.get(2)));
            case TREC -> new TaskData.TrainTest(task, TrecReader.read(f.get(0)), TrecReader.read(f.get(1)));
            case MRPC -> new TaskData.PairTrainTest(task, MrpcReader.read(f.get(0)), MrpcReader.read(f.get(1)));
        };
    }
}
