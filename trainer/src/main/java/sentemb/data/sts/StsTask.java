package sentemb.data.sts;

import java.util.List;
import java.util.Locale;

/**
 * The seven STS tasks of the PromptEOL / SimCSE evaluation, named as SentEval names them.
 * STS12–16 are test-only collections of subsets; STS-B and SICK-R have train/dev/test splits.
 */
public enum StsTask {
    STS12("STS12", "STS12", List.of("MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews")),
    // SentEval's STS13 leaves out the SMT subset (licence), so only three remain.
    STS13("STS13", "STS13", List.of("FNWN", "headlines", "OnWN")),
    STS14("STS14", "STS14", List.of("deft-forum", "deft-news", "headlines", "images", "OnWN", "tweet-news")),
    STS15("STS15", "STS15", List.of("answers-forums", "answers-students", "belief", "headlines", "images")),
    STS16("STS16", "STS16", List.of("answer-answer", "headlines", "plagiarism", "postediting", "question-question")),
    STS_BENCHMARK("STSBenchmark", "STSB", List.of()),
    SICK_RELATEDNESS("SICKRelatedness", "SICK-R", List.of());

    private final String taskName;
    private final String columnLabel;
    private final List<String> subsets;

    StsTask(String taskName, String columnLabel, List<String> subsets) {
        this.taskName = taskName;
        this.columnLabel = columnLabel;
        this.subsets = subsets;
    }

    /** SentEval's task name: STS12 … STS16, STSBenchmark, SICKRelatedness. */
    public String taskName() {
        return taskName;
    }

    /** Short column header used in result tables: STS12 … STS16, STSB, SICK-R. */
    public String columnLabel() {
        return columnLabel;
    }

    /** SentEval's subset list, in SentEval's order; empty for STS-B and SICK-R. */
    public List<String> subsets() {
        return subsets;
    }

    /** True for the SemEval yearly collections STS12–16 (test only, several subsets). */
    public boolean isYearly() {
        return !subsets.isEmpty();
    }

    /** Whether the task has the given split (STS12–16 have only test). */
    public boolean hasSplit(StsSplit split) {
        return !isYearly() || split == StsSplit.TEST;
    }

    /** Accepts the task name or the column label, ignoring case (e.g. "stsb", "SICK-R"). */
    public static StsTask fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (StsTask t : values()) {
            if (t.taskName.toLowerCase(Locale.ROOT).equals(n) || t.columnLabel.toLowerCase(Locale.ROOT).equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown STS task '" + name + "': expected one of STS12, STS13, STS14, "
                + "STS15, STS16, STSBenchmark (STSB), SICKRelatedness (SICK-R)");
    }
}
