package sentemb.data.nli;

/** Why a row of an NLI file was rejected. */
public enum BadRowReason {
    /** Fewer fields than the header names. */
    MISSING_FIELD,
    /** More fields than the header names. */
    EXTRA_FIELD,
    /** A field is empty or only whitespace. */
    EMPTY_TEXT,
    /** Not valid RFC 4180: stray quote, text after a closing quote, unclosed quote. */
    BROKEN_QUOTING
}
