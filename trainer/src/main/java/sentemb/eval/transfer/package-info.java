/**
 * SentEval's seven transfer tasks (MR, CR, SUBJ, MPQA, SST2, TREC, MRPC) for any
 * {@link sentemb.eval.SentenceEncoder}, reproducing SentEval's loaders and its PyTorch
 * logistic-regression protocol as the PromptEOL reference script runs it.
 *
 * <p>Entry points: {@link sentemb.eval.transfer.TransferEvaluator} (returns a
 * {@link sentemb.eval.transfer.TransferReport} of
 * {@link sentemb.eval.transfer.TransferTaskResult}s, ready for Jackson) and
 * {@link sentemb.eval.transfer.TransferTable} (Markdown beside the rows of
 * {@code published/transfer.json}).
 *
 * <p>What is reproduced exactly, and tested against Python (scripts/transfer_reference.py):
 * the samples, labels and order each loader produces (encodings, {@code splitlines} vs. line
 * iteration, blank lines as samples, TREC coarse labels, MRPC header/BOM/CRLF, the sort by
 * length and label); scikit-learn's shuffled {@code StratifiedKFold}; numpy's
 * {@code RandomState} permutations; the early-stopping loop; the L2 grid and its selection;
 * SentEval's mix of Python and numpy rounding.
 *
 * <p>Differences from SentEval, all deliberate:
 * <ul>
 *   <li>classifier numerics are plain Java float arrays (what the earlier DJL version ran on
 *       libtorch, op by op), fitted on several threads; Adam places ε after the bias
 *       correction as DJL's does (no visible effect; a full training trace matches PyTorch's);
 *   <li>initial weights have torch's distribution but not torch's values (SentEval reseeds
 *       torch per classifier; we reseed our own generator per classifier);
 *   <li>{@link sentemb.eval.transfer.TransferMode#DEV} keeps Adam where SentEval's
 *       prototyping config names RMSprop, which DJL's PyTorch engine does not implement;
 *   <li>seeds are limited to 0 … 2^31 − 1 (numpy allows 2^32 − 1);
 *   <li>an MRPC file whose first line is not the header is an error (SentEval drops line 1
 *       whatever it is).
 * </ul>
 */
package sentemb.eval.transfer;
