package sentemb.text;

import sentemb.model.Pooling;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepresentationTest {

    @Test
    void defaultsAndPresets() {
        Representation p = Representation.promptEol();
        assertEquals(PromptTemplate.promptEol(), p.template());
        assertTrue(p.demonstration().isEmpty(), "demonstration off by default");
        assertFalse(p.cleanup());
        assertEquals(OptionalInt.empty(), p.cutoff());
        assertEquals(Pooling.LAST, p.pooling());
        assertTrue(Representation.forEvaluation().cleanup());
        assertEquals(OptionalInt.of(32), Representation.forTraining().cutoff());
        assertFalse(Representation.forTraining().cleanup());
        assertEquals(Pooling.MEAN, p.withPooling(Pooling.MEAN).pooling());
        assertEquals(Representation.forEvaluation(), Representation.promptEol().withCleanup(true));
    }

    @Test
    void evaluationRendering() {
        Representation eval = Representation.forEvaluation().withDemonstration(Demonstration.preset("opt-125m"));
        // SentEval's split/join, then '?' -> '.' and '"' -> '\'', then demonstration + template.
        assertEquals("This sentence : \"A man is smoking.\" means in one word:\"Smoking\"."
                + "This sentence : \"Is he 'really' here.\" means in one word:\"", eval.render("Is  he \"really\" here?"));
    }

    @Test
    void cutoffComesBeforeCleanUp() {
        // As in evaluation.py's batcher (decode(encode(s)[:max_length]) precedes the clean-up loop):
        // the cut removes the final '?', so the clean-up appends '.'.
        PromptTokenizer tok = TextTestData.shippedTokenizer();
        Representation r = Representation.promptEol().withCleanup(true).withCutoff(3);
        assertEquals("This sentence : \"Is he here.\" means in one word:\"", r.render("Is he here now?", tok));
    }

    @Test
    void cutoffNeedsATokenizer() {
        assertThrows(IllegalStateException.class, () -> Representation.forTraining().render("x"));
        assertThrows(IllegalStateException.class, () -> Representation.forTraining().render("x", null));
        assertEquals("This sentence : \"x\" means in one word:\"", Representation.forTraining().withoutCutoff().render("x"));
        assertThrows(IllegalArgumentException.class, () -> Representation.promptEol().withCutoff(0));
    }
}
