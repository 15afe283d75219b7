package io.quoterelay.receiver.service;

import io.quoterelay.ops.cli.EnvironmentDefaults;
import io.quoterelay.protocol.netty.TlsSetupException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Flags with environment-variable equals, for the mains. An option's {@code descriptionKey} lists
 * its variables, primary first, then aliases ("RELAY_PORT|PORT"); a flag on the command line wins.
 * Any bad or missing setting ends start-up with one line naming it and exit code 2.
 */
final class CliSupport {
    static final int BAD_SETTING = 2;

    private CliSupport() {
    }

    static int execute(Object command, String[] args, Map<String, String> env) {
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + describe(e));
            return BAD_SETTING;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            Throwable cause = e;
            if (cause instanceof TlsSetupException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
                c.getErr().println("error: " + cause.getMessage());
                return BAD_SETTING;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The option names in the message get their environment variables added, so either user finds it. */
    private static String describe(CommandLine.ParameterException e) {
        String msg = e.getMessage();
        ArgSpec spec = e.getArgSpec();
        if (spec instanceof OptionSpec o && o.descriptionKey() != null && !o.descriptionKey().isEmpty()) {
            msg = msg + " [env " + o.descriptionKey().replace("|", " or ") + "]";
        } else if (msg.startsWith("Missing required option")) {
            for (OptionSpec o : e.getCommandLine().getCommandSpec().options()) {
                if (o.required() && msg.contains(o.longestName())) {
                    msg = msg + " [env " + o.descriptionKey().replace("|", " or ") + "]";
                }
            }
        }
        return msg;
    }
}
