/**
 * Training recipes: HOCON files ({@code recipes/*.conf}) read into an immutable, validated
 * {@link sentemb.recipe.Recipe}.
 *
 * <ul>
 *   <li>{@code recipes/base.conf} holds every setting with its default and a one-line comment;
 *       the build copies it (and the other recipes) into the jar under {@code recipes/}.</li>
 *   <li>{@link sentemb.recipe.RecipeLoader} merges, strongest first: command-line
 *       {@code key=value} overrides, {@code SENTEMB_<KEY>} environment variables
 *       ({@link sentemb.recipe.EnvironmentOverrides}), the recipe file (includes relative to
 *       it; a missing include is an error), base.conf.</li>
 *   <li>Validation reports every problem at once in a {@link sentemb.recipe.RecipeException}:
 *       unknown keys with the closest valid key, wrong types with the expected type,
 *       out-of-range values with the allowed range, each with file:line.</li>
 *   <li>{@link sentemb.recipe.Recipe#resolvedHocon()} writes the full recipe back as HOCON for
 *       logs and checkpoints; {@link sentemb.recipe.RecipeLoader#fromResolvedHocon} reads it.</li>
 *   <li>Relative paths in a recipe are resolved against the working directory of the run.</li>
 * </ul>
 */
package sentemb.recipe;
