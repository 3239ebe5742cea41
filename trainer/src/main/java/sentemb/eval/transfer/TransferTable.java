package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown block (also readable on a console) with our transfer results beside published
 * rows: MR CR SUBJ MPQA SST2 TREC MRPC Avg, test accuracy in percent, MRPC by accuracy as the
 * reference script prints it (its F1 follows the table). Empty cells are unknown or missing.
 */
public final class TransferTable {
    private TransferTable() {}

    public static String markdown(TransferReport ours, String label, List<PublishedTransferRow> published) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Model |");
        for (TransferTask t : TransferTask.values()) {
            sb.append(' ').append(t.name()).append(" |");
        }
        sb.append(" Avg. |\n|---|");
        for (int i = 0; i <= TransferTask.values().length; i++) {
            sb.append("---:|");
        }
        sb.append('\n');
        List<String> cells = new ArrayList<>();
        for (TransferTask t : TransferTask.values()) {
            cells.add(ours.task(t.name()).filter(TransferTaskResult::ok).map(r -> fmt(r.testAccuracy())).orElse(""));
        }
        cells.add(ours.averageTestAccuracy() == null ? "" : fmt(ours.averageTestAccuracy()));
        row(sb, label + " (" + ours.mode() + " mode, seed " + ours.seed() + ")", cells);
        int note = 0;
        for (PublishedTransferRow p : published) {
            note++;
            cells = new ArrayList<>();
            for (TransferTask t : TransferTask.values()) {
                Double v = p.scores().get(t.name());
                cells.add(v == null ? "" : fmt(v));
            }
            cells.add(p.average() == null ? "" : fmt(p.average()));
            row(sb, p.model() + " [" + note + "]", cells);
        }
        sb.append('\n');
        ours.task(TransferTask.MRPC.name()).filter(TransferTaskResult::ok).ifPresent(r ->
                sb.append("MRPC F1 (ours): ").append(fmt(r.testF1())).append('\n'));
        for (TransferTaskResult r : ours.tasks()) {
            if (!r.ok()) {
                sb.append(r.task()).append(": missing (").append(String.join(", ", r.missingFiles())).append(")\n");
            }
        }
        if (ours.averageTestAccuracy() == null) {
            sb.append("Avg. (ours) is given only when all seven tasks ran.\n");
        }
        note = 0;
        for (PublishedTransferRow p : published) {
            note++;
            sb.append('[').append(note).append("] ").append(p.source()).append('\n');
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, List<String> cells) {
        sb.append("| ").append(label).append(" |");
        for (String c : cells) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append('\n');
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
