package sentemb.data.sts;

import java.util.Locale;

/** A data split of STS-B or SICK-R (STS12–16 only have {@link #TEST}). */
public enum StsSplit {
    TRAIN, DEV, TEST;

    /** Lower-case name as used in file names and results: train, dev, test. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StsSplit fromLabel(String label) {
        for (StsSplit s : values()) {
            if (s.label().equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + label + "': expected train, dev or test");
    }
}
