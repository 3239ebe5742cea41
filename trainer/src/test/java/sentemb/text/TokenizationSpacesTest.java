package sentemb.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand cases for transformers' clean_up_tokenization (the ten replacements, in order). */
class TokenizationSpacesTest {

    @Test
    void removesSpacesBeforePunctuationAndClitics() {
        assertEquals("children's toys aren't here.", TokenizationSpaces.cleanUp("children 's toys are n't here ."));
        assertEquals("Hello, world! Why?", TokenizationSpaces.cleanUp("Hello , world ! Why ?"));
        assertEquals("I'm sure you've seen they're", TokenizationSpaces.cleanUp("I 'm sure you 've seen they 're"));
        // " ' " loses both spaces (transformers' own quirk).
        assertEquals("the dogs'bone", TokenizationSpaces.cleanUp("the dogs ' bone"));
        // Not touched: " 'll", " 'd", " :" and " ;".
        assertEquals("we 'll go ; he 'd say :", TokenizationSpaces.cleanUp("we 'll go ; he 'd say :"));
    }
}
