package sentemb.model.weights;

import java.util.Locale;

/**
 * Element types of checkpoint tensors, named as in the safetensors header. Only the three
 * floating types OPT checkpoints use ({@link #F32}, {@link #F16}, {@link #BF16}) can be
 * read into a {@link HostTensor}; the others are recognised so that a file holding one
 * (an integer buffer, say) can still be listed, and reading that tensor fails with a clear
 * message instead of producing silently rounded values.
 */
public enum DType {
    F64(8, false),
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    I64(8, false),
    I32(4, false),
    I16(2, false),
    I8(1, false),
    U8(1, false),
    BOOL(1, false);

    private final int byteSize;
    private final boolean readable;

    DType(int byteSize, boolean readable) {
        this.byteSize = byteSize;
        this.readable = readable;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@link HostTensor} (fp32) can hold this type without loss of meaning. */
    public boolean readable() {
        return readable;
    }

    /** The safetensors header spelling ("F32", "BF16", ...). */
    public String safetensorsName() {
        return name();
    }

    /** Parses a safetensors header dtype; {@code null} when unknown (the caller names the file). */
    public static DType fromSafetensors(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
