package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionsTsvTest {

    @Test
    void escapesSoEveryPairIsOneLineOfFiveFields() {
        String tsv = PredictionsTsv.format(List.of(
                new ScoredPair("test", "a\tb", "c\nd\\e\rf", 4.5, 0.25),
                new ScoredPair("test", "plain", "text", 1.0, -0.5)));
        assertEquals(PredictionsTsv.HEADER + "\n"
                + "test\ta\\tb\tc\\nd\\\\e\\rf\t4.5\t0.25\n"
                + "test\tplain\ttext\t1.0\t-0.5\n", tsv);
    }
}
