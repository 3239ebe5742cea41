package sentemb.recipe;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import java.util.List;

/**
 * Command-line overrides {@code key=value}: the whole argument is parsed as one line of HOCON,
 * so values are typed as in a recipe ({@code lora.r=8}, {@code lora.targets=[q_proj,k_proj]},
 * {@code model.path=null}). A later argument beats an earlier one for the same key.
 */
final class CommandLineOverrides {
    static final String ORIGIN_PREFIX = "command-line override ";

    private CommandLineOverrides() {}

    /** The overrides as one config layer; malformed arguments go to {@code problems}. */
    static Config parse(List<String> args, List<String> problems) {
        Config layer = ConfigFactory.empty();
        for (String arg : args) {
            String origin = ORIGIN_PREFIX + "'" + arg + "'";
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                problems.add(origin + ": expected key=value, e.g. lora.r=8");
                continue;
            }
            String key = arg.substring(0, eq).trim();
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                problems.add(origin + ": '" + key + "' is not a valid key path");
                continue;
            }
            if (arg.substring(eq + 1).isBlank()) {
                problems.add(origin + ": the value is empty; write " + key + "=null or " + key + "=\"\"");
                continue;
            }
            try {
                Config one = ConfigFactory.parseString(arg, ConfigParseOptions.defaults()
                        .setSyntax(ConfigSyntax.CONF).setOriginDescription(origin));
                layer = one.withFallback(layer);
            } catch (ConfigException e) {
                problems.add(origin + ": not valid HOCON (" + Origins.withoutOrigin(e.getMessage(), origin)
                        + "); double-quote values holding : # , [ ] { } = or //, e.g. 'devices=[\"gpu:0\"]'");
            }
        }
        return layer;
    }
}
