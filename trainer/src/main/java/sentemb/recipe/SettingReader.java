package sentemb.recipe;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, error-collecting access to a resolved recipe tree. Each getter checks type and range,
 * records a problem (with the value's file:line) instead of throwing, and returns a harmless
 * placeholder, so one pass finds every problem. Every path read is remembered as a valid key;
 * {@link #reportUnknownKeys()} then flags whatever else the tree holds.
 */
final class SettingReader {
    private final ConfigObject root;
    private final List<String> problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> reportedGroups = new HashSet<>();

    SettingReader(ConfigObject root, List<String> problems) {
        this.root = root;
        this.problems = problems;
    }

    /** Every key read so far, in reading order. */
    Set<String> knownKeys() {
        return known;
    }

    String string(String path) {
        ConfigValue v = value(path);
        return v == null ? "" : asString(path, v, "a string");
    }

    Optional<String> optionalString(String path) {
        ConfigValue v = value(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(asString(path, v, "null or a string"));
    }

    /** A non-empty string turned into a path (kept relative if written relative). */
    Path path(String path) {
        ConfigValue v = value(path);
        return v == null ? Path.of("") : asPath(path, v, "a path (string)");
    }

    Optional<Path> optionalPath(String path) {
        ConfigValue v = value(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(asPath(path, v, "null or a path (string)"));
    }

    int integer(String path, Range range) {
        ConfigValue v = value(path);
        return v == null ? 0 : asInteger(path, v, range, "an integer");
    }

    Optional<Integer> optionalInteger(String path, Range range) {
        ConfigValue v = value(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(asInteger(path, v, range, "null or an integer"));
    }

    double number(String path, Range range) {
        ConfigValue v = value(path);
        return v == null ? 0 : asNumber(path, v, range, "a number");
    }

    Optional<Double> optionalNumber(String path, Range range) {
        ConfigValue v = value(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(asNumber(path, v, range, "null or a number"));
    }

    boolean bool(String path) {
        ConfigValue v = value(path);
        if (v == null) {
            return false;
        }
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            wrongType(path, v, "a boolean (true or false)");
            return false;
        }
        return (Boolean) v.unwrapped();
    }

    /** One of an enum's constants, spelled as {@link Recipe#recipeName}. */
    <E extends Enum<E>> E choice(String path, Class<E> type) {
        E[] all = type.getEnumConstants();
        List<String> names = new ArrayList<>();
        for (E e : all) {
            names.add(Recipe.recipeName(e));
        }
        ConfigValue v = value(path);
        if (v == null) {
            return all[0];
        }
        if (v.valueType() != ConfigValueType.STRING) {
            wrongType(path, v, "one of " + String.join(", ", names));
            return all[0];
        }
        String s = (String) v.unwrapped();
        for (E e : all) {
            if (Recipe.recipeName(e).equals(s)) {
                return e;
            }
        }
        problems.add(Origins.where(v.origin()) + ": '" + path + "' = \"" + s + "\" is not one of "
                + String.join(", ", names) + didYouMean(s, names));
        return all[0];
    }

    /**
     * A list of strings without repeats; with {@code allowed} non-null, each element must be
     * one of those names.
     */
    List<String> strings(String path, Collection<String> allowed) {
        return strings(path, allowed, false);
    }

    /** Like {@link #strings(String, Collection)}, or empty when the setting is null. */
    Optional<List<String>> optionalStrings(String path, Collection<String> allowed) {
        ConfigValue v = value(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        return Optional.of(strings(path, allowed));
    }

    /** A list of strings; repeats allowed only when {@code repeatsAllowed}. */
    List<String> strings(String path, Collection<String> allowed, boolean repeatsAllowed) {
        ConfigValue v = value(path);
        if (v == null) {
            return List.of();
        }
        if (v.valueType() != ConfigValueType.LIST) {
            wrongType(path, v, "a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue e : (ConfigList) v) {
            if (e.valueType() != ConfigValueType.STRING) {
                problems.add(Origins.where(e.origin()) + ": '" + path + "' must be a list of strings, has "
                        + describe(e));
                continue;
            }
            String s = (String) e.unwrapped();
            if (allowed != null && !allowed.contains(s)) {
                problems.add(Origins.where(e.origin()) + ": '" + path + "' has \"" + s + "\", which is not one of "
                        + String.join(", ", allowed) + didYouMean(s, allowed));
            } else if (!repeatsAllowed && out.contains(s)) {
                problems.add(Origins.where(e.origin()) + ": '" + path + "' lists \"" + s + "\" twice");
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The raw value (or null when missing) for settings with their own shape rules. */
    ConfigValue raw(String path) {
        return value(path);
    }

    /**
     * A key that earlier versions defined and saved in checkpoints' recipes, and that no longer
     * does anything: accepted (not reported unknown) so that old runs still resume.
     *
     * @return where it was set ({@code file:line}), or empty when the recipe does not set it
     */
    Optional<String> retired(String path) {
        ConfigValue v = lookup(path);
        if (v == null) {
            return Optional.empty();
        }
        known.add(path);
        return Optional.of(Origins.where(v.origin()));
    }

    /** Records a problem about a setting already read, located at its value. */
    void problem(String path, String message) {
        ConfigValue v = lookup(path);
        String where = v == null ? "(recipe)" : Origins.where(v.origin());
        problems.add(where + ": '" + path + "' " + message);
    }

    /** Records a problem located at an arbitrary value. */
    void problemAt(ConfigValue at, String message) {
        problems.add(Origins.where(at.origin()) + ": " + message);
    }

    /** Flags every key in the tree that no getter asked for, suggesting the closest valid key. */
    void reportUnknownKeys() {
        walk(root, new ArrayList<>());
    }

    // ---------------------------------------------------------------------------------------

    private void walk(ConfigObject obj, List<String> prefix) {
        for (String key : new TreeSet<>(obj.keySet())) {
            List<String> segs = new ArrayList<>(prefix);
            segs.add(key);
            String path = ConfigUtil.joinPath(segs);
            ConfigValue v = obj.get(key);
            if (known.contains(path)) {
                continue;
            }
            if (isKnownGroup(path)) {
                if (v.valueType() == ConfigValueType.OBJECT) {
                    walk((ConfigObject) v, segs);
                }
                // A scalar where a group belongs was reported when its settings were read.
                continue;
            }
            reportUnknown(v, segs);
        }
    }

    private void reportUnknown(ConfigValue v, List<String> segs) {
        if (v.valueType() == ConfigValueType.OBJECT && !((ConfigObject) v).isEmpty()) {
            ConfigObject obj = (ConfigObject) v;
            for (String key : new TreeSet<>(obj.keySet())) {
                List<String> child = new ArrayList<>(segs);
                child.add(key);
                reportUnknown(obj.get(key), child);
            }
            return;
        }
        String path = ConfigUtil.joinPath(segs);
        problems.add(Origins.where(v.origin()) + ": unknown key '" + path + "'" + didYouMean(path, known));
    }

    private boolean isKnownGroup(String path) {
        String prefix = path + ".";
        for (String k : known) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Marks the path as valid and returns its value; null (with a problem recorded) if unreachable. */
    private ConfigValue value(String path) {
        known.add(path);
        List<String> segs = ConfigUtil.splitPath(path);
        ConfigObject obj = root;
        for (int i = 0; i < segs.size() - 1; i++) {
            ConfigValue v = obj.get(segs.get(i));
            String group = ConfigUtil.joinPath(segs.subList(0, i + 1));
            if (v == null) {
                problems.add("'" + path + "' is missing (base.conf defines every setting; is it the right version?)");
                return null;
            }
            if (v.valueType() != ConfigValueType.OBJECT) {
                if (reportedGroups.add(group)) {
                    problems.add(Origins.where(v.origin()) + ": '" + group
                            + "' must be a group of settings { ... }, got " + describe(v));
                }
                return null;
            }
            obj = (ConfigObject) v;
        }
        ConfigValue v = obj.get(segs.get(segs.size() - 1));
        if (v == null) {
            problems.add("'" + path + "' is missing (base.conf defines every setting; is it the right version?)");
        }
        return v;
    }

    /** Like {@link #value} but without marking or reporting. */
    private ConfigValue lookup(String path) {
        ConfigValue v = root;
        for (String seg : ConfigUtil.splitPath(path)) {
            if (v == null || v.valueType() != ConfigValueType.OBJECT) {
                return null;
            }
            v = ((ConfigObject) v).get(seg);
        }
        return v;
    }

    private String asString(String path, ConfigValue v, String expected) {
        switch (v.valueType()) {
            case STRING:
                return (String) v.unwrapped();
            case NUMBER:
            case BOOLEAN:
                // HOCON reads an unquoted 123 or true as a number/boolean; as a name it is still text.
                return v.render(ConfigRenderOptions.concise());
            default:
                wrongType(path, v, expected);
                return "";
        }
    }

    private Path asPath(String path, ConfigValue v, String expected) {
        if (v.valueType() != ConfigValueType.STRING) {
            wrongType(path, v, expected);
            return Path.of("");
        }
        String s = (String) v.unwrapped();
        if (s.isBlank()) {
            problems.add(Origins.where(v.origin()) + ": '" + path + "' must be a non-empty path");
            return Path.of("");
        }
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            problems.add(Origins.where(v.origin()) + ": '" + path + "' is not a valid path: " + e.getMessage());
            return Path.of("");
        }
    }

    private int asInteger(String path, ConfigValue v, Range range, String expected) {
        if (v.valueType() != ConfigValueType.NUMBER) {
            wrongType(path, v, expected);
            return 0;
        }
        Number n = (Number) v.unwrapped();
        if (!(n instanceof Integer || n instanceof Long)) {
            wrongType(path, v, expected);
            return 0;
        }
        long x = n.longValue();
        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE || !range.contains(x)) {
            outOfRange(path, v, range);
            return 0;
        }
        return (int) x;
    }

    private double asNumber(String path, ConfigValue v, Range range, String expected) {
        if (v.valueType() != ConfigValueType.NUMBER) {
            wrongType(path, v, expected);
            return 0;
        }
        double x = ((Number) v.unwrapped()).doubleValue();
        if (!range.contains(x)) {
            outOfRange(path, v, range);
            return 0;
        }
        return x;
    }

    private void wrongType(String path, ConfigValue v, String expected) {
        problems.add(Origins.where(v.origin()) + ": '" + path + "' must be " + expected + ", got " + describe(v));
    }

    private void outOfRange(String path, ConfigValue v, Range range) {
        problems.add(Origins.where(v.origin()) + ": '" + path + "' = " + v.unwrapped()
                + " is out of range; allowed: " + range.description());
    }

    /** "string \"abc\"", "number 1.5", "list [a,b]", ... shortened for messages. */
    static String describe(ConfigValue v) {
        String type = switch (v.valueType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case LIST -> "list";
            case OBJECT -> "object";
        };
        if (v.valueType() == ConfigValueType.NULL) {
            return type;
        }
        String text = v.render(ConfigRenderOptions.concise());
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return type + " " + text;
    }

    static String didYouMean(String wrong, Collection<String> candidates) {
        return KeySuggestions.closest(wrong, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }
}
