package sentemb.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Python's whitespace, checked against the list CPython itself printed (scripts/text/prompt_reference.py). */
class PythonTextTest {

    @Test
    void isSpaceMatchesCPythonForEveryCodePoint() {
        JsonNode fixture = JsonFiles.readObject(TestPaths.fixtures().resolve("text/prompt_reference.json"));
        Set<Integer> expected = new HashSet<>();
        fixture.get("isspace").forEach(n -> expected.add(n.intValue()));
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            assertEquals(expected.contains(cp), PythonText.isWhitespace(cp), "U+" + Integer.toHexString(cp));
        }
    }

    @Test
    void stripAndSplitJoin() {
        assertEquals("a b", PythonText.strip("\u3000\t a b\u00a0\n"));
        assertEquals("", PythonText.strip(" \u2028 "));
        assertEquals("a b c", PythonText.normalizeSpaces(" a\u00a0 b\u202f\u202fc\n"));
    }
}
