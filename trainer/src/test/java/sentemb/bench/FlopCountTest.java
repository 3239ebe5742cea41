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
    void packedPassCountsRealTokensAndRowSlots() {
        FlopCount c = new FlopCount(config(4), null);
        // sequences of 4, 3 and 6 tokens sharing 2: packed 2 + 2 + 1 + 4 = 9 tokens, rows 3 × width 6
        List<int[]> batch = List.of(new int[] {2, 7, 7, 1}, new int[] {2, 7, 9}, new int[] {2, 7, 5, 5, 5, 5});
        SequenceEmbedder.Plan plan = new SequenceEmbedder.Plan(true, 2);
        assertEquals(9, plan.paddedTokens(batch));
        FlopCount.Flops f = c.embedPlan(batch, plan, true);
        // layer 0 on 9 tokens: 2·(9·16 + 2·9·16 + 9·16 + 9·32 + 9·32) = 2·1152 = 2304; attention 4·3·6·6·4 = 1728
        // layer 1: k, v on 9 tokens, the rest on 3: 2·(3·16 + 2·9·16 + 3·16 + 3·32 + 3·32) = 2·576 = 1152;
        //   attention 4·3·1·6·4 = 288
        assertEquals(2304 + 1152, f.baseLinear(), 0);
        assertEquals(1728 + 288, f.attention(), 0);
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
    void paddedPlanIsOnePassOverTheLongest() {
        FlopCount c = new FlopCount(config(4), null);
        List<int[]> batch = List.of(new int[] {2, 7, 7, 1}, new int[] {2, 7, 9}, new int[] {2, 7, 5, 5, 5, 5});
        SequenceEmbedder.Plan padded = new SequenceEmbedder.Plan(false, 0);
        assertEquals(c.forward(3, 6, 0, true), c.embedPlan(batch, padded, true));
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
