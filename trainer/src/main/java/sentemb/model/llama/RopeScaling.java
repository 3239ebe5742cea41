package sentemb.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code rope_scaling} of a LLaMA-family config: {@code linear} (positions divided by
 * {@code factor}) or {@code llama3} (inverse frequencies rescaled by wavelength band). Any
 * other type is refused by name: silently ignoring it would change every embedding.
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
        int originalMaxPositions) {

    /** Reads {@code rope_scaling}; null when the config has none. */
    static RopeScaling read(JsonNode n, Path file) {
        JsonNode rs = n.get("rope_scaling");
        if (rs == null || rs.isNull()) {
            return null;
        }
        if (!rs.isObject()) {
            throw new IllegalArgumentException(file + ": \"rope_scaling\" must be an object or null, found " + rs);
        }
        String type = rs.has("rope_type") ? rs.get("rope_type").asText() : rs.path("type").asText("");
        if (type.equals("default")) {
            return null;
        }
        double factor = number(rs, "factor", file);
        if (!(factor >= 1)) {
            throw new IllegalArgumentException(file + ": rope_scaling.factor must be >= 1, found " + factor);
        }
        switch (type) {
            case "linear":
                return new RopeScaling(type, factor, 0, 0, 0);
            case "llama3":
                double lo = number(rs, "low_freq_factor", file);
                double hi = number(rs, "high_freq_factor", file);
                if (!(hi > lo)) {
                    throw new IllegalArgumentException(file + ": rope_scaling.high_freq_factor (" + hi
                            + ") must exceed low_freq_factor (" + lo + ")");
                }
                return new RopeScaling(type, factor, lo, hi, (int) number(rs, "original_max_position_embeddings", file));
            default:
                throw new IllegalArgumentException(file + ": unsupported rope_scaling type \"" + type
                        + "\"; sentemb supports linear and llama3");
        }
    }

    private static double number(JsonNode rs, String key, Path file) {
        JsonNode v = rs.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(file + ": rope_scaling." + key + " is missing or not a number");
        }
        return v.asDouble();
    }

    /** Transformers' inverse frequencies after this scaling ({@code _compute_llama3_parameters}, linear). */
    double[] apply(double[] invFreq) {
        double[] out = invFreq.clone();
        if (type.equals("linear")) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= factor; // HF divides the positions; the product is the same
            }
            return out;
        }
        double lowWavelen = originalMaxPositions / lowFreqFactor;
        double highWavelen = originalMaxPositions / highFreqFactor;
        for (int i = 0; i < out.length; i++) {
            double wavelen = 2 * Math.PI / invFreq[i];
            if (wavelen < highWavelen) {
                out[i] = invFreq[i];
            } else if (wavelen > lowWavelen) {
                out[i] = invFreq[i] / factor;
            } else {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                out[i] = (1 - smooth) * invFreq[i] / factor + smooth * invFreq[i];
            }
        }
        return out;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rope_type", type);
        m.put("factor", factor);
        if (type.equals("llama3")) {
            m.put("low_freq_factor", lowFreqFactor);
            m.put("high_freq_factor", highFreqFactor);
            m.put("original_max_position_embeddings", originalMaxPositions);
        }
        return m;
    }
}
