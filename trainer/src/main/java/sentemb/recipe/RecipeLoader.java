package sentemb.recipe;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads training recipes. Layers, strongest first:
 * <ol>
 *   <li>command-line overrides {@code key=value}, each parsed as a line of HOCON;</li>
 *   <li>environment variables {@code SENTEMB_<KEY>} (see {@link EnvironmentOverrides});</li>
 *   <li>the recipe (a file whose {@code include}s resolve relative to it, a bundled recipe,
 *       or the text of a saved recipe);</li>
 *   <li>{@code recipes/base.conf} from the classpath (the build copies the repository's file).</li>
 * </ol>
 * Substitutions ({@code ${run.name}}) resolve after merging. The result is validated in one
 * pass: unknown keys (with the closest valid key), wrong types and out-of-range values are all
 * reported together in one {@link RecipeException}, each with its file:line.
 *
 * <p>Relative paths inside a recipe are not touched here: they resolve against the working
 * directory of the run.
 */
public final class RecipeLoader {
    /** Classpath location of the defaults. */
    public static final String BASE_RESOURCE = "recipes/base.conf";

    private static final ConfigParseOptions STRICT = ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.CONF)
            .setAllowMissing(false)
            .appendIncluder(new StrictIncluder());

    private RecipeLoader() {}

    /** A recipe file with overrides; {@code environment} is usually {@code System.getenv()}. */
    public static Recipe load(Path file, List<String> overrides, Map<String, String> environment) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new RecipeException(file.toString(), List.of("recipe file not found: " + abs));
        }
        Config layer;
        try {
            // An absolute file makes includes resolve next to it, whatever the working directory.
            layer = ConfigFactory.parseFile(abs.toFile(), STRICT);
        } catch (ConfigException e) {
            throw new RecipeException(abs.toString(), List.of(e.getMessage()));
        }
        return assemble(abs.toString(), layer, overrides, environment);
    }

    /** A recipe file alone: no overrides, environment ignored. */
    public static Recipe load(Path file) {
        return load(file, List.of(), Map.of());
    }

    /**
     * A recipe shipped in the jar ({@code recipes/<name>.conf}, e.g. {@code "tiny"}), so the
     * packaged tool runs without the repository's recipes folder.
     */
    public static Recipe loadBundled(String name, List<String> overrides, Map<String, String> environment) {
        String resource = "recipes/" + (name.endsWith(".conf") ? name : name + ".conf");
        String source = "classpath:" + resource;
        if (RecipeLoader.class.getClassLoader().getResource(resource) == null) {
            throw new RecipeException(source, List.of("no bundled recipe named '" + name + "'"));
        }
        Config layer;
        try {
            layer = ConfigFactory.parseResources(RecipeLoader.class.getClassLoader(), resource, STRICT);
        } catch (ConfigException e) {
            throw new RecipeException(source, List.of(e.getMessage()));
        }
        return assemble(source, layer, overrides, environment);
    }

    /** base.conf's defaults alone. */
    public static Recipe defaults() {
        return assemble("classpath:" + BASE_RESOURCE, ConfigFactory.empty(), List.of(), Map.of());
    }

    /**
     * Reads back {@link Recipe#resolvedHocon()} (for example from a checkpoint when resuming).
     * {@code origin} names where the text came from, for messages.
     */
    public static Recipe fromResolvedHocon(String text, String origin) {
        return fromResolvedHocon(text, origin, List.of(), Map.of());
    }

    /** Reads back a saved recipe with overrides on top (e.g. more steps when resuming). */
    public static Recipe fromResolvedHocon(String text, String origin, List<String> overrides,
                                           Map<String, String> environment) {
        Config layer;
        try {
            layer = ConfigFactory.parseString(text, STRICT.setOriginDescription(origin));
        } catch (ConfigException e) {
            throw new RecipeException(origin, List.of(e.getMessage()));
        }
        return assemble(origin, layer, overrides, environment);
    }

    /** Every valid key, in base.conf's order of reading (for help texts and completion). */
    public static Set<String> keys() {
        return RecipeReader.keys(base().root());
    }

    private static Recipe assemble(String source, Config recipe, List<String> overrides,
                                   Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Config base = base();
        Config cli = CommandLineOverrides.parse(overrides, problems);
        Config env = EnvironmentOverrides.parse(environment, leafKeys(base.root(), ""), problems);
        Config merged;
        try {
            merged = cli.withFallback(env).withFallback(recipe).withFallback(base).resolve();
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            throw new RecipeException(source, problems);
        }
        Recipe result = RecipeReader.read(merged.root(), problems);
        if (!problems.isEmpty()) {
            throw new RecipeException(source, problems);
        }
        return result;
    }

    /** Every non-object value's path in base.conf: the keys an environment variable can set. */
    private static List<String> leafKeys(ConfigObject obj, String prefix) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                keys.addAll(leafKeys((ConfigObject) e.getValue(), path + "."));
            } else {
                keys.add(path);
            }
        }
        return keys;
    }

    private static Config base() {
        return BaseHolder.BASE;
    }

    /** Parsed once, on first use. */
    private static final class BaseHolder {
        static final Config BASE = parseBase();

        private static Config parseBase() {
            if (RecipeLoader.class.getClassLoader().getResource(BASE_RESOURCE) == null) {
                throw new IllegalStateException(BASE_RESOURCE + " is not on the classpath; the Maven build "
                        + "copies it from the repository's recipes/ folder (see trainer/pom.xml)");
            }
            return ConfigFactory.parseResources(RecipeLoader.class.getClassLoader(), BASE_RESOURCE, STRICT);
        }
    }
}
