package sentemb.data.sts;

import sentemb.text.PythonText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PythonText against what CPython 3.11 itself returned (fixtures/sts/python_text.json). */
class PythonTextTest {

    private static final JsonNode FACTS = StsFixtures.pythonText();

    @Test
    void whitespaceSetIsPythons() {
        List<Integer> ours = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (PythonText.isWhitespace((char) c)) {
                ours.add(c);
            }
        }
        List<Integer> python = new ArrayList<>();
        FACTS.get("whitespace").forEach(n -> python.add(n.asInt()));
        assertEquals(python, ours);
    }

    @Test
    void lineBreakSetIsPythons() {
        List<Integer> ours = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (PythonText.isLineBreak((char) c)) {
                ours.add(c);
            }
        }
        List<Integer> python = new ArrayList<>();
        FACTS.get("lineBreaks").forEach(n -> python.add(n.asInt()));
        assertEquals(python, ours);
    }

    @Test
    void operationsMatchPythonOnSamples() {
        for (JsonNode s : FACTS.get("samples")) {
            String t = s.get("text").asText();
            String where = "sample " + s.get("text");
            assertEquals(StsFixtures.strings(s.get("splitlines")), PythonText.splitLines(t), where + " splitlines");
            assertEquals(StsFixtures.strings(s.get("textModeLines")), PythonText.textModeLines(t), where + " text mode");
            assertEquals(s.get("strip").asText(), PythonText.strip(t), where + " strip");
            assertEquals(StsFixtures.strings(s.get("split")), PythonText.splitWhitespace(t), where + " split()");
            assertEquals(StsFixtures.strings(s.get("splitTab")), PythonText.split(t, '\t'), where + " split('\\t')");
        }
    }

    @Test
    void normalizeSpacesJoinsTokensWithOneSpace() {
        assertEquals("A man is playing.", PythonText.normalizeSpaces("  A man\u00a0is \u3000 playing. \t"));
        assertEquals("", PythonText.normalizeSpaces(" \t "));
    }
}
