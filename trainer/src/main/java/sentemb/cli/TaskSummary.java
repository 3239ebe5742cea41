package sentemb.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sentemb.eval.StsResults;
import sentemb.eval.StsTaskResult;
import sentemb.eval.transfer.TransferReport;
import sentemb.eval.transfer.TransferTaskResult;

/** The lines {@code eval} ends with: which tasks ran, and which were skipped and why. */
final class TaskSummary {
    private TaskSummary() {}

    static List<String> lines(StsResults sts, TransferReport transfer, Path data) {
        List<String> ran = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (sts != null) {
            for (StsTaskResult r : sts.tasks().values()) {
                if (r.isOk()) {
                    ran.add(r.task() + " (" + r.split() + ", " + r.pairs() + " pairs)");
                } else {
                    skipped.add(r.task() + " (" + r.split() + ": " + missing(r.missingFiles(), data) + ")");
                }
            }
        }
        if (transfer != null) {
            for (TransferTaskResult r : transfer.tasks()) {
                if (r.ok()) {
                    ran.add(r.task() + " (transfer, " + transfer.mode() + ")");
                } else {
                    skipped.add(r.task() + " (transfer: " + missing(r.missingFiles(), data) + ")");
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add("ran " + ran.size() + (ran.size() == 1 ? " task: " : " tasks: ") + (ran.isEmpty() ? "none" : String.join(", ", ran)));
        if (!skipped.isEmpty()) {
            out.add("skipped " + skipped.size() + (skipped.size() == 1 ? " task: " : " tasks: ") + String.join(", ", skipped));
        }
        return out;
    }

    /** "missing STS/STS12-en-test/STS.input.MSRpar.txt and 9 more files under --data". */
    private static String missing(List<String> files, Path data) {
        if (files == null || files.isEmpty()) {
            return "not evaluated";
        }
        String first = files.get(0);
        try {
            first = data.toAbsolutePath().normalize().relativize(Path.of(first).toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException differentRoot) {
            // keep the path as given
        }
        return "missing " + first + (files.size() > 1 ? " and " + (files.size() - 1) + " more files" : "") + " under --data";
    }
}
