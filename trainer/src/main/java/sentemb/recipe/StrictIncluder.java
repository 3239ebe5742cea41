package sentemb.recipe;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import java.io.File;
import java.net.URL;

/**
 * HOCON's default includer, except that an include which finds nothing is an error: plain
 * HOCON skips a missing {@code include "x.conf"} silently, so a misspelled file name would
 * quietly drop its settings. Resolution rules are unchanged (relative to the including file,
 * then the classpath).
 */
final class StrictIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    private final ConfigIncluder fallback;

    StrictIncluder() {
        this(null);
    }

    private StrictIncluder(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        if (this.fallback == fallback) {
            return this;
        }
        if (this.fallback != null) {
            return new StrictIncluder(this.fallback.withFallback(fallback));
        }
        return new StrictIncluder(fallback);
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        try {
            return fallback.include(strict(context), what);
        } catch (ConfigException.IO e) {
            throw new ConfigException.IO(ConfigOriginFactory.newSimple("include \"" + what + "\""),
                    "not found next to the including file, nor on the classpath (" + e.getMessage() + ")");
        }
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return ((ConfigIncluderFile) fallback).includeFile(strict(context), what);
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return ((ConfigIncluderURL) fallback).includeURL(strict(context), what);
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return ((ConfigIncluderClasspath) fallback).includeResources(strict(context), what);
    }

    private static ConfigIncludeContext strict(ConfigIncludeContext context) {
        return context.setParseOptions(context.parseOptions().setAllowMissing(false));
    }
}
