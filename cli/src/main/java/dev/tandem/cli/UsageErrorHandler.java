package dev.tandem.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that does not parse: one line on stderr naming the problem and where the options
 * are listed, exit status 2. Picocli's default prints the whole help after the error, 30-80 lines
 * in which the one that matters scrolls away, and scripts that read the first line of stderr get
 * the error but a human reading the terminal's last lines gets the help.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr()
                .println(
                        command.getCommandName()
                                + ": "
                                + problem(e, command)
                                + " (see '"
                                + command.getCommandSpec().qualifiedName()
                                + " --help')");
        return UserErrorHandler.USER_ERROR;
    }

    /**
     * An unknown option or command comes first, even when picocli reports something else: it checks
     * the required options before it complains about the arguments it could not place, and "missing
     * --out" is no help to someone who typed {@code --hlep}.
     */
    private static String problem(ParameterException e, CommandLine command) {
        List<String> unmatched = command.getUnmatchedArguments();
        if (unmatched.isEmpty()) {
            // Picocli's own words ("Missing required option: '--kind=KIND'"), in lower case like
            // every other error of the program.
            String message = e.getMessage();
            return message.isEmpty()
                    ? message
                    : Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        String first = unmatched.get(0);
        if (first.startsWith("-")) {
            List<String> suggestions =
                    e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            return "unknown option '"
                    + first
                    + "'"
                    + (suggestions.isEmpty()
                            ? ""
                            : "; did you mean " + String.join(" or ", suggestions) + "?");
        }
        if (!command.getSubcommands().isEmpty()) {
            // All of them, not picocli's guesses: "frobnicate" gets "correlate or broker".
            return "unknown command '"
                    + first
                    + "'; the commands are "
                    + String.join(", ", commandNames(command));
        }
        return "unexpected argument '" + first + "'";
    }

    static List<String> commandNames(CommandLine command) {
        return command.getSubcommands().keySet().stream().sorted().toList();
    }
}
