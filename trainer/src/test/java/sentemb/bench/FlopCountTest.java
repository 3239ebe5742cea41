package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import sentemb.model.opt.OptConfig;
import sentemb.model.SequenceEmbedder;
import sentemb.model.lora.LoraConfig;

/** FLOP counts against sums worked out by hand for a small config (h 4, ffn 8, 2 layers). */
class FlopCountTest {
    private static OptConfig config(int wordEmbedProjDim) {
        return new OptConfig(32, 4, 2, 2, 8, 16, wordEmbedProjDim, true, true, true, false, 0f, 0f, 1, 2, 2);
    }

    @Test
    void forwardWithPrefixAndLastOnly() {
        FlopCount.Flops f = new FlopCount(config(4), null).forward(3, 5, 2, true);
        // layer 0, 5 queries and 5 own keys per row, 3 rows:
        //   linear 2·3·(q 5·4·4 + k,v 2·5·4·4 + out 5·4·4 + fc1 5·4·8 + fc2 5·8·4) = 6·640 = 3840
        //   attention 4·3·5·(2 + 5)·4 = 1680
        // layer 1, last position only: linear 6·(16 + 160 + 16 + 32 + 32) = 1536, attention 4·3·1·7·4 = 336
        assertEquals(3840 + 1536, f.baseLinear(), 0);
        assertEquals(1680 + 336, f.attention(), 0);
        assertEquals(0, f.adapter(), 0);
    }

    @Test
    void loraAdaptersOnQueryAndValue() {
        LoraConfig lora = new LoraConfig(2, 4f, 0f, List.of("q_proj", "v_proj"));
        FlopCount.Flops f = new FlopCount(config(4), lora).forward(3, 5, 2, true);
        // per token and module 2·r·(in + out) = 2·2·8 = 32; layer 0: q 5 + v 5 tokens, layer 1: q 1 + v 5, 3 rows
        assertEquals(3 * (10 * 32) + 3 * (6 * 32), f.adapter(), 0);
        assertEquals(5376, f.baseLinear(), 0);
    }

    @Test
    void projectionsCountProjectInForAllAndProjectOutForTheLastPosition() {
        double withProj = new FlopCount(config(2), null).forward(3, 5, 0, true).baseLinear();
        double without = new FlopCount(config(4), null).forward(3, 5, 0, true).baseLinear();
        // project_in 2·3·5·2·4 = 240, project_out 2·3·1·4·2 = 48
        assertEquals(288, withProj - without, 0);
    }

    @Test
    void sharedPrefixLeavesEveryRowOneOwnToken() {
        assertEquals(2, SequenceEmbedder.sharedPrefixLength(List.of(new int[] {2, 7, 7, 1}, new int[] {2, 7, 9})));
        assertEquals(2, SequenceEmbedder.sharedPrefixLength(List.of(new int[] {2, 7, 9}, new int[] {2, 7, 9})));
        assertEquals(0, SequenceEmbedder.sharedPrefixLength(List.of(new int[] {2}, new int[] {2, 7})));
    }

    @Test
    void planIsPrefixPassPlusOnePassPerGroup() {
        FlopCount c = new FlopCount(config(4), null);
        List<int[]> batch = List.of(new int[] {2, 7, 7, 1}, new int[] {2, 7, 9}, new int[] {2, 7, 5, 5, 5, 5});
        // prefix of 2 once, then group {0, 1} (suffixes 2 and 1: padded to 2) and group {2} (suffix 4)
        SequenceEmbedder.Plan plan = new SequenceEmbedder.Plan(2, List.of(new int[] {0, 1}, new int[] {2}));
        FlopCount.Flops expected = c.forward(1, 2, 0, false).plus(c.forward(2, 2, 2, true)).plus(c.forward(1, 4, 2, true));
        assertEquals(expected, c.embedPlan(batch, plan, true));
        // no prefix, one group: the padded batch
        SequenceEmbedder.Plan padded = new SequenceEmbedder.Plan(0, List.of(new int[] {0, 1, 2}));
        assertEquals(c.forward(3, 6, 0, true), c.embedPlan(batch, padded, true));
        assertEquals(2 + 2 * 2 + 4, plan.paddedTokens(batch));
        assertEquals(3 * 6, padded.paddedTokens(batch));
    }

    @Test
    void trainingMultipliers() {
        FlopCount.Flops f = new FlopCount.Flops(100, 10, 20);
        assertEquals(3 * 130, FlopCount.training(f, false), 0);
        // frozen base: forward + input gradient only
        assertEquals(2 * 100 + 3 * 30, FlopCount.training(f, true), 0);
    }
}
