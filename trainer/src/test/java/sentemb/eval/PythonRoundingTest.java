package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import sentemb.data.sts.StsFixtures;

/** "%.2f" as CPython formats it (values in fixtures/sts/python_text.json). */
class PythonRoundingTest {

    @Test
    void matchesPythonPercentTwoF() {
        for (JsonNode pair : StsFixtures.pythonText().get("format2")) {
            double x = pair.get(0).asDouble();
            assertEquals(pair.get(1).asText(), PythonRounding.format2(x), "format of " + x);
        }
    }

    @Test
    void nonFinite() {
        assertEquals("nan", PythonRounding.format2(Double.NaN));
        assertEquals(Double.NaN, PythonRounding.round2(Double.NaN));
    }
}
