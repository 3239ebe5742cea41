package sentemb.eval.transfer;

/** One task's samples as SentEval loads them (each split already in SentEval's sorted order). */
public sealed interface TaskData {

    TransferTask task();

    /** MR, CR, SUBJ, MPQA: one pool, cross-validated. */
    record CrossValidation(TransferTask task, LabeledSentences all) implements TaskData {}

    /** SST2: train / dev / test. */
    record TrainDevTest(TransferTask task, LabeledSentences train, LabeledSentences dev, LabeledSentences test)
            implements TaskData {}

    /** TREC: train / test. */
    record TrainTest(TransferTask task, LabeledSentences train, LabeledSentences test) implements TaskData {}

    /** MRPC: sentence pairs, train / test. */
    record PairTrainTest(TransferTask task, SentencePairs train, SentencePairs test) implements TaskData {}
}
