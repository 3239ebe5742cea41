package sentemb.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The Java 17 flags in scripts/spark-embed and in this test JVM are Spark's own list. */
class JavaOptionsTest {
    private static final List<String> SPARK = Arrays.asList(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+"));

    @Test
    void launcherSetsSparksModuleOptions() throws IOException {
        Path script = Path.of(System.getProperty("sentemb.home", "..")).resolve("scripts/spark-embed");
        Matcher m = Pattern.compile("(?s)java_options=\\((.*?)\\)").matcher(Files.readString(script));
        assertTrue(m.find(), "scripts/spark-embed has no java_options=( ... )");
        assertEquals(SPARK, Arrays.asList(m.group(1).trim().split("\\s+")));
    }

    @Test
    void testsRunWithThem() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : SPARK) {
            assertTrue(args.contains(flag), "surefire argLine lacks " + flag);
        }
    }
}
