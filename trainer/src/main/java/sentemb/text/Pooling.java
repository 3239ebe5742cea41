package sentemb.text;

/**
 * How the model side turns the last layer's hidden states into one vector: the last token's
 * state ({@code hidden_states[-1][:, -1, :]}, PromptEOL) or the mean over tokens (the
 * reference's {@code --avg}).
 */
public enum Pooling {
    LAST,
    MEAN
}
