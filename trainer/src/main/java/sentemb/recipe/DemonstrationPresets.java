package sentemb.recipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The best single in-context demonstration the paper found for each OPT size (Jiang et al.
 * 2023, as listed in DESIGN.md section 2), by preset name.
 */
public final class DemonstrationPresets {
    private static final Map<String, Recipe.Demonstration> PRESETS = new LinkedHashMap<>();

    static {
        put("opt-125m", "A man is smoking.", "Smoking");
        put("opt-350m", "A man is playing on a guitar and singing.", "Music");
        put("opt-1.3b", "relating to switzerland or its people.", "Swiss");
        put("opt-2.7b", "A jockey riding a horse.", "Equestrian");
        put("opt-6.7b", "The man is riding a horse.", "Horseback-riding");
        put("opt-13b", "meat from a deer.", "Venison");
        put("opt-30b", "The man is riding a motorcycle down the road.", "Motorcycling");
        put("opt-66b", "of or relating to tutors or tutoring.", "Tutorial");
    }

    private DemonstrationPresets() {}

    private static void put(String name, String sentence, String word) {
        PRESETS.put(name, new Recipe.Demonstration(Optional.of(name), sentence, word));
    }

    /** The preset of that name, if there is one. */
    public static Optional<Recipe.Demonstration> named(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    /** All preset names, smallest model first. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(PRESETS.keySet());
    }
}
