package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every verb answers {@code --help} with exit 0 and documents each of its options. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "eval", "embed", "export", "init", "icl-search"})
    void everyVerbPrintsHelpNamingEachOption(String verb) {
        Cli.Result r = Cli.ok(verb, "--help");
        assertEquals("", r.err(), r::toString);
        assertTrue(r.out().startsWith("Usage: sentemb " + verb), r::toString);
        List<OptionSpec> options = Main.commandLine(false).getSubcommands().get(verb).getCommandSpec().options();
        assertFalse(options.isEmpty());
        for (OptionSpec o : options) {
            assertTrue(r.out().contains(o.longestName()), () -> verb + " --help does not mention " + o.longestName() + ":\n" + r.out());
            assertTrue(o.description().length > 0 && !o.description()[0].isBlank(),
                    () -> verb + " " + o.longestName() + " has no description");
        }
        // `sentemb help <verb>` prints the same text
        assertEquals(r.out(), Cli.ok("help", verb).out());
    }

    @Test
    void topLevelHelpListsEveryVerb() {
        Cli.Result r = Cli.ok("--help");
        CommandLine cl = Main.commandLine(false);
        for (String verb : cl.getSubcommands().keySet()) {
            assertTrue(r.out().contains("  " + verb + " "), () -> "sentemb --help does not list " + verb + ":\n" + r.out());
        }
        assertTrue(Cli.ok("--version").out().startsWith("sentemb "));
    }
}
