package sentemb.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command-line syntax errors (unknown option or verb, missing required option, a value of
 * the wrong type): one line naming the problem, with picocli's spelling suggestions, then a
 * pointer to {@code --help} instead of the whole usage text. Exit code 2.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        if (ex instanceof MissingParameterException && !cl.getUnmatchedArguments().isEmpty()) {
            // A misspelled option also leaves its required twin missing: the misspelling is the news.
            ex = new UnmatchedArgumentException(cl, cl.getUnmatchedArguments());
        }
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        String msg = ErrorMessages.oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                msg += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        err.println(name + ": error: " + msg);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
}
