package sentemb.recipe;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Environment overrides: {@code SENTEMB_<KEY>} where KEY is the recipe key upper-cased with
 * {@code .} and {@code -} turned into {@code _} ({@code SENTEMB_LORA_R} sets {@code lora.r},
 * {@code SENTEMB_OPTIMIZER_MAX_GRAD_NORM} sets {@code optimizer.max-grad-norm}). Values are
 * parsed as HOCON like command-line values. Any other {@code SENTEMB_} variable is an error,
 * except the ones in {@link #LAUNCHER_VARIABLES}, which belong to the launcher.
 */
public final class EnvironmentOverrides {
    /** Prefix of every recipe environment variable. */
    public static final String PREFIX = "SENTEMB_";

    /**
     * The {@code SENTEMB_} variables that {@code scripts/sentemb} and the CLI read themselves
     * (threads, GPU build, stack traces); the recipe reader skips exactly these. A test keeps
     * this list equal to what the launcher reads, and no recipe key may map to one of them.
     */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of("SENTEMB_THREADS", "SENTEMB_GPU", "SENTEMB_DEBUG");

    static final String ORIGIN_PREFIX = "environment variable ";

    private EnvironmentOverrides() {}

    /** The environment variable that sets {@code key}, e.g. {@code lora.r -> SENTEMB_LORA_R}. */
    public static String variableFor(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The overrides found in {@code environment} for the given keys, as one config layer. */
    static Config parse(Map<String, String> environment, Collection<String> keys, List<String> problems) {
        Map<String, String> keyByVariable = new LinkedHashMap<>();
        for (String key : keys) {
            if (LAUNCHER_VARIABLES.contains(variableFor(key))) {
                throw new IllegalStateException("recipe key " + key + " maps to the launcher's variable " + variableFor(key));
            }
            String previous = keyByVariable.put(variableFor(key), key);
            if (previous != null) {
                throw new IllegalStateException("recipe keys " + previous + " and " + key
                        + " map to the same environment variable " + variableFor(key));
            }
        }
        Config layer = ConfigFactory.empty();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            String origin = ORIGIN_PREFIX + name;
            String key = keyByVariable.get(name);
            if (key == null) {
                problems.add(origin + ": not a recipe setting" + KeySuggestions.closest(name, keyByVariable.keySet())
                        .map(v -> "; did you mean " + v + " (" + keyByVariable.get(v) + ")?").orElse(""));
                continue;
            }
            if (e.getValue().isBlank()) {
                problems.add(origin + ": the value is empty; unset it, or write null or \"\"");
                continue;
            }
            try {
                Config one = ConfigFactory.parseString(key + " = " + e.getValue(), ConfigParseOptions.defaults()
                        .setSyntax(ConfigSyntax.CONF).setOriginDescription(origin));
                layer = layer.withFallback(one);
            } catch (ConfigException ex) {
                problems.add(origin + ": value is not valid HOCON (" + Origins.withoutOrigin(ex.getMessage(), origin)
                        + "); double-quote values holding : # , [ ] { } = or //");
            }
        }
        return layer;
    }
}
