package sentemb.eval;

/** How an evaluation reports its encoding progress on stderr. */
public enum EncodingProgress {
    /** A progress bar (for a terminal). */
    BAR,
    /** One summary line per task when it is done (logs, pipes, CI). */
    SUMMARY,
    /** Nothing but debug lines (an evaluation inside a training run, whose own bar must not be pushed down). */
    SILENT
}
