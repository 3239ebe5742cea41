package sentemb.eval.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SentEval's seven transfer tasks, the files each one reads (relative to SentEval's
 * {@code data/downstream} folder) and the validation protocol SentEval runs on it.
 */
public enum TransferTask {
    MR(Protocol.CROSS_VALIDATION, 2, "MR/rt-polarity.pos", "MR/rt-polarity.neg"),
    CR(Protocol.CROSS_VALIDATION, 2, "CR/custrev.pos", "CR/custrev.neg"),
    // SentEval passes subj.objective as its "pos" list (label 1) and subj.subjective as "neg".
    SUBJ(Protocol.CROSS_VALIDATION, 2, "SUBJ/subj.objective", "SUBJ/subj.subjective"),
    MPQA(Protocol.CROSS_VALIDATION, 2, "MPQA/mpqa.pos", "MPQA/mpqa.neg"),
    SST2(Protocol.TRAIN_DEV_TEST, 2,
            "SST/binary/sentiment-train", "SST/binary/sentiment-dev", "SST/binary/sentiment-test"),
    TREC(Protocol.TRAIN_TEST, 6, "TREC/train_5500.label", "TREC/TREC_10.label"),
    MRPC(Protocol.TRAIN_TEST, 2, "MRPC/msr_paraphrase_train.txt", "MRPC/msr_paraphrase_test.txt");

    /** The task-group name that expands to all seven tasks, in the table's order. */
    public static final String GROUP = "transfer";

    /** How SentEval validates the classifier on a task. */
    public enum Protocol {
        /** No test split: outer k-fold cross-validation with an inner k-fold L2 search. */
        CROSS_VALIDATION,
        /** Train / dev / test: the dev split picks the L2 penalty. */
        TRAIN_DEV_TEST,
        /** Train / test: k-fold on train picks the L2 penalty, then one fit is tested. */
        TRAIN_TEST
    }

    private final Protocol protocol;
    private final int numClasses;
    private final List<String> files;

    TransferTask(Protocol protocol, int numClasses, String... files) {
        this.protocol = protocol;
        this.numClasses = numClasses;
        this.files = List.of(files);
    }

    public Protocol protocol() {
        return protocol;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Files this task reads, relative to the {@code downstream} folder. */
    public List<String> files() {
        return files;
    }

    /** Files of this task that are absent under {@code downstreamDir}, as relative paths. */
    public List<String> missingFiles(Path downstreamDir) {
        List<String> missing = new ArrayList<>();
        for (String f : files) {
            if (!Files.isRegularFile(downstreamDir.resolve(f))) {
                missing.add(f);
            }
        }
        return missing;
    }

    /**
     * Resolves task names (case-insensitive; {@value #GROUP} expands to all seven) into tasks
     * without duplicates, in the order given.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static List<TransferTask> parse(List<String> names) {
        Set<TransferTask> tasks = new LinkedHashSet<>();
        for (String name : names) {
            String n = name.trim();
            if (n.equalsIgnoreCase(GROUP)) {
                tasks.addAll(List.of(values()));
                continue;
            }
            TransferTask match = null;
            for (TransferTask t : values()) {
                if (t.name().equalsIgnoreCase(n)) {
                    match = t;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("unknown transfer task '" + name + "'; expected one of "
                        + List.of(values()) + " or the group '" + GROUP + "'");
            }
            tasks.add(match);
        }
        return List.copyOf(tasks);
    }

    /** True if the name is a transfer task or the {@value #GROUP} group (case-insensitive). */
    public static boolean isTransferName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals(GROUP.toUpperCase(Locale.ROOT))) {
            return true;
        }
        for (TransferTask t : values()) {
            if (t.name().equals(n)) {
                return true;
            }
        }
        return false;
    }
}
