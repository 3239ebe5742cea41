package sentemb.eval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import sentemb.data.sts.StsSplit;
import sentemb.data.sts.StsTask;

/**
 * A Markdown table (also readable on a console) of Spearman ×100, columns STS12 … STS16,
 * STSB, SICK-R, Avg: our rows first, then the published rows labelled "(published)".
 * Unknown published cells show "—"; a task we did not find shows "missing", one we did not
 * request "n/a"; an average over fewer than all seven tasks carries a "*" and a footnote.
 */
public final class StsTable {
    private StsTable() {}

    public static final String UNKNOWN = "—";

    public static String markdown(List<StsResults> ours, List<PublishedRow> published) {
        StringBuilder sb = new StringBuilder("| model |");
        for (StsTask t : StsTask.values()) {
            sb.append(' ').append(t.columnLabel()).append(" |");
        }
        sb.append(" Avg |\n|---|");
        sb.append("---:|".repeat(StsTask.values().length + 1)).append('\n');
        List<String> notes = new ArrayList<>();
        for (StsResults r : ours) {
            appendOurs(sb, r, notes);
        }
        for (PublishedRow p : published) {
            sb.append("| ").append(cell(p.model())).append(" (published) |");
            for (StsTask t : StsTask.values()) {
                Double v = p.scores().get(t.taskName());
                sb.append(' ').append(v == null ? UNKNOWN : PythonRounding.format2(v)).append(" |");
            }
            String avg = p.avg() == null ? UNKNOWN
                    : p.avgApproximate() ? "≈" + BigDecimal.valueOf(p.avg()).toPlainString()
                    : PythonRounding.format2(p.avg());
            sb.append(' ').append(avg).append(" |\n");
        }
        for (String n : mergeNotes(notes)) {
            sb.append('\n').append(n);
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void appendOurs(StringBuilder sb, StsResults r, List<String> notes) {
        String split = splitOf(r);
        String label = split.equals(StsSplit.TEST.label()) ? r.label() : r.label() + " [" + split + "]";
        sb.append("| ").append(cell(label)).append(" |");
        List<String> absent = new ArrayList<>();
        for (StsTask t : StsTask.values()) {
            StsTaskResult tr = r.tasks().get(t.taskName());
            String v;
            if (tr == null) {
                v = "n/a";
                absent.add(t.columnLabel() + " not evaluated");
            } else if (!tr.isOk()) {
                v = "missing";
                absent.add(t.columnLabel() + " missing");
            } else {
                v = PythonRounding.format2(r.summary().scores().get(t.taskName()));
            }
            sb.append(' ').append(v).append(" |");
        }
        StsSummary s = r.summary();
        String avg = PythonRounding.format2(s.average()) + (s.complete() ? "" : "*");
        sb.append(' ').append(avg).append(" |\n");
        if (!s.complete()) {
            notes.add("\\* " + label + ": average over " + s.tasksInAverage() + " of " + StsTask.values().length
                    + " tasks (" + String.join(", ", absent) + ").");
        }
        if (!split.equals(StsSplit.TEST.label())) {
            notes.add(label + ": STSB/SICK-R columns are the " + split + " split, not comparable with published test numbers.");
        }
    }

    /** Notes that differ only in the row label become one note naming all those rows ("a, b: text"). */
    private static List<String> mergeNotes(List<String> notes) {
        java.util.Map<String, List<String>> labelsByText = new java.util.LinkedHashMap<>();
        for (String n : notes) {
            boolean star = n.startsWith("\\* ");
            String body = star ? n.substring(3) : n;
            int colon = body.indexOf(": ");
            String text = (star ? "\\* " : "") + "\u0000" + body.substring(colon + 2);
            labelsByText.computeIfAbsent(text, k -> new ArrayList<>()).add(body.substring(0, colon));
        }
        List<String> out = new ArrayList<>();
        labelsByText.forEach((text, labels) -> out.add(text.replace("\u0000", String.join(", ", labels) + ": ")));
        return out;
    }

    /** The split of the STS-B / SICK-R results in the run (test when there are none). */
    private static String splitOf(StsResults r) {
        for (StsTaskResult tr : r.tasks().values()) {
            if (!StsTask.fromName(tr.task()).isYearly()) {
                return tr.split();
            }
        }
        return StsSplit.TEST.label();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace('\n', ' ');
    }
}
