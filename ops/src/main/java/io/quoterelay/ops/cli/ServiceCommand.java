package io.quoterelay.ops.cli;

import io.quoterelay.protocol.netty.TlsSetupException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a main's picocli command the way both services do: every flag has environment-variable
 * equals ({@link EnvironmentDefaults}), enum values in any case, and any bad or missing setting ends
 * start-up with one line and exit code {@value #BAD_SETTING}. The line names the setting as
 * "VARIABLE[ or ALIAS] (--flag)", whichever way the user gave it:
 *
 * <pre>
 * error: RELAY_PORT or PORT (--port): Invalid value for option '--port': 'ninety' is not an int
 * error: SERVER_CERT or CERT (--cert) is not set
 * error: CA_CERT (--ca-cert) is not set        (a {@link BadSetting} from the command's own checks)
 * </pre>
 */
public final class ServiceCommand {
    /** The exit code of a bad or missing setting. */
    public static final int BAD_SETTING = 2;
    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private ServiceCommand() {
    }

    /**
     * A service's {@code main}: points logback at the service's own {@code logbackFile} on the class
     * path unless a configuration was named ({@code -Dlogback.configurationFile}, as the images do),
     * so the service never shadows the logging of an application that embeds its module; then runs
     * the command on the process's arguments and environment and exits with its code. The command is
     * created only after that, so no logger it initialises reads the wrong configuration.
     */
    public static void main(Supplier<?> command, String logbackFile, String[] args) {
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, logbackFile);
        }
        System.exit(execute(command.get(), args, System.getenv(), new PrintWriter(System.err, true)));
    }

    /**
     * Parses {@code args} with {@code env} as the environment, runs {@code command} and returns its
     * exit code; errors in the settings go to {@code err} as one line.
     */
    public static int execute(Object command, String[] args, Map<String, String> env, PrintWriter err) {
        CommandLine cli = new CommandLine(command);
        cli.setErr(err);
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + describe(e));
            return BAD_SETTING;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof BadSetting || e instanceof TlsSetupException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException) {
                err.println("error: " + e.getMessage());
                return BAD_SETTING;
            }
            throw e;
        });
        return cli.execute(args);
    }

    private static String describe(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.MissingParameterException missing) {
            StringJoiner all = new StringJoiner("; ");
            for (ArgSpec spec : missing.getMissing()) {
                String name = name(spec);
                if (name == null) {
                    return e.getMessage();
                }
                all.add(name + " is not set");
            }
            return all.toString();
        }
        String name = name(e.getArgSpec());
        return name == null ? e.getMessage() : name + ": " + e.getMessage();
    }

    /** "RELAY_PORT or PORT (--port)" for an option with environment variables, else null. */
    private static String name(ArgSpec spec) {
        if (spec instanceof OptionSpec o && o.descriptionKey() != null && !o.descriptionKey().isEmpty()) {
            return o.descriptionKey().replace("|", " or ") + " (" + o.longestName() + ")";
        }
        return null;
    }
}
