package sentemb.train;

import java.util.ArrayList;
import java.util.List;
import sentemb.data.nli.Triplet;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/** Turns rows of the training set into prompt token ids with the training representation. */
final class TripletTokenizer {
    private final PromptTokenizer tokenizer;
    private final Representation representation;

    TripletTokenizer(PromptTokenizer tokenizer, Representation representation) {
        this.tokenizer = tokenizer;
        this.representation = representation;
    }

    TokenizedBatch tokenize(List<Triplet> rows) {
        boolean triplets = rows.get(0).hardNegative() != null;
        return new TokenizedBatch(column(rows, 0), column(rows, 1), triplets ? column(rows, 2) : null);
    }

    private List<int[]> column(List<Triplet> rows, int which) {
        List<String> prompts = new ArrayList<>(rows.size());
        for (Triplet t : rows) {
            String text = which == 0 ? t.anchor() : which == 1 ? t.positive() : t.hardNegative();
            prompts.add(representation.render(text, tokenizer));
        }
        return List.of(tokenizer.encodeAll(prompts, true));
    }
}
