package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.model.Scalars;

/**
 * The scalar constants of the forward, the loss and the loss scaling are uploaded once: after
 * a first step, further steps (other batches, dropout, fp16 loss scale) create none.
 */
class ScalarUploadsTest {
    @Test
    void stepsAfterTheFirstUploadNoScalars(@TempDir Path tmp) throws Exception {
        String[] common = {"lora.enabled=true", "lora.r=4", "lora.targets=[q_proj,k_proj,v_proj,out_proj,fc1,fc2]",
            "model.dropout=0.1", "lora.dropout=0.1"};
        for (String[] variant : List.of(new String[] {"devices=[cpu]"}, new String[] {"devices=[cpu,cpu]"},
                new String[] {"devices=[cpu,cpu]", "batch.micro-size=2"})) {
            try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "s", DataParallelEquivalenceTest.concat(common, variant)))) {
                rig.gradients(0, rig.batch(0), 128f);
                long afterFirst = Scalars.created();
                for (int s = 1; s < 4; s++) {
                    rig.gradients(s, rig.batch(8 * s), 128f);
                }
                assertEquals(afterFirst, Scalars.created(), String.join(" ", variant) + ": scalars created after step 1");
            }
        }
    }
}
