package dev.tandem.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns a {@link UserError} into one line and exit status 2; anything else is a bug: exit 1. */
final class UserErrorHandler implements IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof UserError) {
            command.getErr().println(command.getCommandName() + ": " + e.getMessage());
            return USER_ERROR;
        }
        command.getErr().println(command.getCommandName() + ": internal error: " + e);
        e.printStackTrace(command.getErr());
        return INTERNAL_ERROR;
    }
}
