package sentemb.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rendering checked against strings derived by hand from the reference
 * (kongds/scaling_sentemb evaluation.py batcher and ft_llm.py generate_sentemb_prompt):
 * <pre>
 *   template = template.replace('_', ' ').replace('*sep+*', '').replace('*cls*', '')
 *   ... template.replace('*sent 0*', s).strip()
 * </pre>
 * and against the Python fixture written by scripts/text/prompt_reference.py.
 */
class PromptTemplateTest {

    /** run_icl.sh, verbatim: icl_examples['opt-…']='…'. */
    static final Map<String, String> RUN_ICL = new LinkedHashMap<>();

    static {
        RUN_ICL.put("opt-125m", "This_sentence_:_\"A_man_is_smoking.\"_means_in_one_word:\"Smoking\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-350m", "This_sentence_:_\"A_man_is_playing_on_a_guitar_and_singing.\"_means_in_one_word:\"Music\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-1.3b", "This_sentence_:_\"relating_to_switzerland_or_its_people.\"_means_in_one_word:\"Swiss\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-2.7b", "This_sentence_:_\"A_jockey_riding_a_horse.\"_means_in_one_word:\"Equestrian\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-6.7b", "This_sentence_:_\"The_man_is_riding_a_horse.\"_means_in_one_word:\"Horseback-riding\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-13b", "This_sentence_:_\"meat_from_a_deer.\"_means_in_one_word:\"Venison\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-30b", "This_sentence_:_\"The_man_is_riding_a_motorcycle_down_the_road.\"_means_in_one_word:\"Motorcycling\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
        RUN_ICL.put("opt-66b", "This_sentence_:_\"of_or_relating_to_tutors_or_tutoring.\"_means_in_one_word:\"Tutorial\".This_sentence_:_\"*sent_0*\"_means_in_one_word:\"");
    }

    @Test
    void promptEolByHand() {
        PromptTemplate t = PromptTemplate.promptEol();
        // '_' -> ' ', then '*sent 0*' -> sentence, then strip(): nothing to strip here.
        assertEquals("This sentence : \"A man is playing a guitar.\" means in one word:\"", t.render("A man is playing a guitar."));
        // Underscores inside the sentence survive: the sentence goes in after '_' -> ' '.
        assertEquals("This sentence : \"snake_case here\" means in one word:\"", t.render("snake_case here"));
        // Leading/trailing spaces of the sentence sit inside the quotes and are kept.
        assertEquals("This sentence : \" padded \" means in one word:\"", t.render(" padded "));
    }

    @Test
    void demonstrationIsPrependedWithoutSeparator() {
        PromptTemplate t = PromptTemplate.promptEol().withDemonstration(Demonstration.preset("opt-2.7b"));
        // README / run_icl.sh opt-2.7b, '_' -> ' ': no space between the demonstration's final '.' and "This".
        assertEquals("This sentence : \"A jockey riding a horse.\" means in one word:\"Equestrian\"."
                + "This sentence : \"A kid is skateboarding.\" means in one word:\"", t.render("A kid is skateboarding."));
    }

    @Test
    void presetsReproduceRunIclExactly() {
        assertEquals(RUN_ICL.keySet(), Demonstration.presetNames());
        for (Map.Entry<String, String> e : RUN_ICL.entrySet()) {
            assertEquals(e.getValue(), PromptTemplate.promptEol().withDemonstration(Demonstration.preset(e.getKey())).referenceSyntax(),
                    e.getKey());
        }
    }

    @Test
    void customDemonstration() {
        PromptTemplate t = PromptTemplate.promptEol().withDemonstration(new Demonstration("A cat sleeps.", "Rest"));
        assertEquals("This sentence : \"A cat sleeps.\" means in one word:\"Rest\".This sentence : \"x\" means in one word:\"", t.render("x"));
        assertThrows(IllegalArgumentException.class, () -> new Demonstration("snake_case", "w"));
        assertThrows(IllegalArgumentException.class, () -> new Demonstration("s", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Demonstration.preset("opt-7b"));
        assertTrue(e.getMessage().contains("opt-6.7b"), e.getMessage());
    }

    @Test
    void markersAndStripFollowTheReference() {
        // '*cls*' and '*sep+*' vanish; strip() trims the whole prompt (here the template's own edges).
        PromptTemplate t = PromptTemplate.parse("*cls*_This_sentence_of_\"*sent_0*\"_means*sep+*_");
        assertEquals("This sentence of \"s\" means", t.render("s"));
        // A template starting with the slot: strip() also trims the sentence's leading space.
        assertEquals("hi said", PromptTemplate.parse("*sent_0*_said").render("  hi"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTemplate.parse("no slot"));
        assertTrue(e.getMessage().contains("*sent_0*"), e.getMessage());
    }

    @Test
    void matchesPythonFixture() {
        JsonNode fixture = JsonFiles.readObject(TestPaths.fixtures().resolve("text/prompt_reference.json"));
        Map<String, PromptTemplate> icl = new LinkedHashMap<>();
        for (String name : new String[] {"opt-125m", "opt-2.7b", "opt-6.7b"}) {
            icl.put(name, PromptTemplate.promptEol().withDemonstration(Demonstration.preset(name)));
        }
        int n = 0;
        for (JsonNode c : fixture.get("cases")) {
            String s = c.get("sentence").textValue();
            String cleaned = TextCleanup.apply(TextCleanup.sentEvalWords(s));
            assertEquals(c.get("cleaned").textValue(), cleaned, "clean-up of: " + s);
            assertEquals(c.get("prompt_plain").textValue(), PromptTemplate.promptEol().render(s), "plain prompt of: " + s);
            assertEquals(c.get("prompt_eval").textValue(), Representation.forEvaluation().render(s), "eval prompt of: " + s);
            for (Map.Entry<String, PromptTemplate> e : icl.entrySet()) {
                assertEquals(c.get("prompt_eval_" + e.getKey()).textValue(), e.getValue().render(cleaned), e.getKey() + " prompt of: " + s);
            }
            n++;
        }
        assertEquals(109, n);
    }
}
