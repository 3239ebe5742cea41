package sentemb.eval.transfer;

import sentemb.text.PythonText;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are what CPython 3 returns for the same calls (checked by hand). */
class PythonTextTest {

    @Test
    void splitUsesPythonWhitespace() {
        // Python: 'a\u00a0b\tc  d\u2007e\u200bf'.split() == ['a', 'b', 'c', 'd', 'e\u200bf']
        assertEquals(List.of("a", "b", "c", "d", "e\u200bf"), PythonText.splitWhitespace("a\u00a0b\tc  d\u2007e\u200bf"));
        assertEquals(List.of(), PythonText.splitWhitespace(" \t "));
        assertEquals("it 's a test .", PythonText.normalizeSpaces("  it 's  a test . "));
        assertEquals("", PythonText.normalizeSpaces(""));
    }

    @Test
    void splitLinesMatchesStrSplitlines() {
        // 'a\n\nb\r\nc\rd\x0be\x85f\n'.splitlines() == ['a', '', 'b', 'c', 'd', 'e', 'f']
        assertEquals(List.of("a", "", "b", "c", "d", "e", "f"), PythonText.splitLines("a\n\nb\r\nc\rd\u000be\u0085f\n"));
        // 'x\n\n'.splitlines() == ['x', ''] : a file ending in a blank line yields one empty sample
        assertEquals(List.of("x", ""), PythonText.splitLines("x\n\n"));
        assertEquals(List.of(), PythonText.splitLines(""));
    }

    @Test
    void fileLinesMatchUniversalNewlines() {
        // list(io.StringIO('a\r\nb\rc\x0bd\n', newline=None)) stripped of '\n' == ['a', 'b', 'c\x0bd']
        assertEquals(List.of("a", "b", "c\u000bd"), PythonText.textModeLines("a\r\nb\rc\u000bd\n"));
        assertEquals(List.of("a", ""), PythonText.textModeLines("a\n\n"));
    }

    @Test
    void stripMatchesStrStrip() {
        assertEquals("\uFEFFQuality\tx", PythonText.strip("\uFEFFQuality\tx \r"));
        assertEquals("a b", PythonText.strip("\u00a0 a b\t\u3000"));
    }
}
