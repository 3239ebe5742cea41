package sentemb.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training truncation, ft_llm.py generate_sentemb_prompt:
 * <pre>
 *   input = tokenizer(data_point[prefix], truncation=True, max_length=cutoff_len, padding=False,
 *                     return_tensors=None, add_special_tokens=False)
 *   input = tokenizer.decode(input['input_ids'])
 * </pre>
 */
class SentenceCutoffTest {
    private final PromptTokenizer tok = TextTestData.shippedTokenizer();

    private static String words(String first, String next, int count) {
        StringBuilder b = new StringBuilder(first);
        for (int i = 1; i < count; i++) {
            b.append(' ').append(next);
        }
        return b.toString();
    }

    @Test
    void longSentenceIsCutToExactly32TokensBeforeTemplating() {
        // "The" and " dog" are one GPT-2 token each: 40 words = 40 tokens, so the cut keeps 32 words.
        String sentence = words("The", "dog", 40) + ".";
        String cut = SentenceCutoff.apply(tok, sentence, 32);
        assertEquals(words("The", "dog", 32), cut);
        assertEquals(32, tok.encode(cut, false).length);
        assertEquals("This sentence : \"" + words("The", "dog", 32) + "\" means in one word:\"",
                Representation.forTraining().render(sentence, tok));
    }

    @Test
    void shortSentencesStillGoThroughDecodeAndSpaceCleanUp() {
        // SNLI's PTB tokenization: transformers' decode removes " ." and joins " 's" (clean_up_tokenization_spaces).
        assertEquals("Two women are embracing while holding to go packages.",
                SentenceCutoff.apply(tok, "Two women are embracing while holding to go packages .", 32));
        assertEquals("The children's toys aren't here.", SentenceCutoff.apply(tok, "The children 's toys are n't here .", 32));
        assertEquals("This sentence : \"Two woman are holding packages.\" means in one word:\"",
                Representation.forTraining().render("Two woman are holding packages .", tok));
    }

    @Test
    void cutInsideAMultiByteCharacterDecodesToReplacementChar() {
        // GPT-2 splits " 鑫" (20 e9 91 ab) into tokens [20 e9] [91] [ab]; 31 word tokens + [20 e9]
        // = 32 tokens, and the lone lead byte e9 decodes (lossy UTF-8) to U+FFFD.
        String sentence = words("The", "dog", 31) + " 鑫 end";
        assertEquals(words("The", "dog", 31) + " \uFFFD", SentenceCutoff.apply(tok, sentence, 32));
    }

    @Test
    void longestStsDevSentenceMatchesJtokkitDecode() {
        Encoding gpt2 = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        String longest = TextTestData.stsDevSentences().stream().max(Comparator.comparingInt(s -> gpt2.countTokensOrdinary(s))).orElseThrow();
        IntArrayList ids = gpt2.encodeOrdinary(longest);
        IntArrayList first = new IntArrayList();
        for (int i = 0; i < 32; i++) {
            first.add(ids.get(i));
        }
        String expected = TokenizationSpaces.cleanUp(new String(gpt2.decodeBytes(first), StandardCharsets.UTF_8));
        assertEquals(expected, SentenceCutoff.apply(tok, longest, 32), "longest STS-B dev sentence (" + ids.size() + " tokens)");
    }
}
