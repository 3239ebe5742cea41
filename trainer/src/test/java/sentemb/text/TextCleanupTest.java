package sentemb.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand cases for the reference's evaluation clean-up (evaluation.py, batcher):
 * <pre>
 *   if len(s) > 0 and s[-1] not in '.?"\'': s += '.'
 *   s = s.replace('"', '\'')
 *   if len(s) > 0 and '?' == s[-1]: s = s[:-1] + '.'
 * </pre>
 */
class TextCleanupTest {

    @Test
    void appendsPeriodUnlessEndingInPeriodQuestionOrQuote() {
        assertEquals("A man is playing a guitar.", TextCleanup.apply("A man is playing a guitar"));
        assertEquals("A man is playing a guitar.", TextCleanup.apply("A man is playing a guitar."));
        assertEquals("Really!.", TextCleanup.apply("Really!"));
        assertEquals("It's the dogs'", TextCleanup.apply("It's the dogs'"), "ends in ' : nothing appended");
        assertEquals("", TextCleanup.apply(""));
    }

    @Test
    void doubleQuotesBecomeSingleAfterThePeriodCheck() {
        // Ends in '"': no period (step 1), then '"' -> '\'' (step 2): the sentence ends in '\''.
        assertEquals("He said 'hello'", TextCleanup.apply("He said \"hello\""));
        assertEquals("He said 'hello'.", TextCleanup.apply("He said \"hello\"."));
        assertEquals("'", TextCleanup.apply("\""));
    }

    @Test
    void finalQuestionMarkBecomesPeriod() {
        assertEquals("Is the man playing.", TextCleanup.apply("Is the man playing?"));
        assertEquals(".", TextCleanup.apply("?"));
        // '?' inside the quotes is not final: step 1 keeps it (ends in '"'), step 3 sees '\''.
        assertEquals("He asked 'why?'", TextCleanup.apply("He asked \"why?\""));
        assertEquals("Why? Because.", TextCleanup.apply("Why? Because"));
    }

    @Test
    void sentEvalWordsCollapsesPythonWhitespace() {
        assertEquals("two spaces and tab", TextCleanup.sentEvalWords("  two   spaces\tand tab  "));
        assertEquals("nbsp", TextCleanup.sentEvalWords("nbsp\u00a0"), "U+00A0 is whitespace to Python");
        assertEquals("", TextCleanup.sentEvalWords(" \t "));
    }
}
