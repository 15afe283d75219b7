package io.quoterelay.bench.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * The benchmark mains' flags, parsed by picocli: each main's flags are a {@code @Command} class
 * that turns what was given into its immutable options record. A bad flag is one line naming it;
 * whole numbers may be written with underscores ({@code 10_000}), as in the docs' examples.
 */
public final class BenchCli {
    private static final int USAGE_WIDTH = 120;

    private BenchCli() {
    }

    /** A main's {@code @Command} class: its annotated fields, then the options they make. */
    public interface Flags<T> {
        /**
         * The options from the parsed fields; {@code given} says which flags were on the command line.
         * Throws {@link IllegalArgumentException} naming the flag when a value is out of range.
         */
        T options(ParseResult given);
    }

    /** Parses {@code args} into {@code flags}; a bad flag throws {@link IllegalArgumentException} with one line. */
    public static <T> T parse(Flags<T> flags, String... args) {
        CommandLine commandLine = commandLine(flags);
        ParseResult given;
        try {
            given = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return flags.options(given);
    }

    /**
     * For a main: {@code --help} prints the usage to stdout and exits 0; a bad flag prints one line to
     * stderr and exits 2; otherwise the options.
     */
    public static <T> T optionsOrExit(Flags<T> flags, String... args) {
        CommandLine commandLine = commandLine(flags);
        try {
            ParseResult given = commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                System.exit(0);
            }
            return flags.options(given);
        } catch (ParameterException | IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (--help lists the flags)");
            System.exit(2);
            throw new AssertionError("unreachable");
        }
    }

    /** The usage text {@code --help} prints. */
    public static String usage(Flags<?> flags) {
        return commandLine(flags).getUsageMessage();
    }

    private static CommandLine commandLine(Flags<?> flags) {
        CommandLine commandLine = new CommandLine(flags);
        commandLine.setUsageHelpWidth(USAGE_WIDTH);
        commandLine.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
            .description("this help").build());
        commandLine.registerConverter(Integer.class, BenchCli::wholeNumber);
        commandLine.registerConverter(Integer.TYPE, BenchCli::wholeNumber);
        return commandLine;
    }

    private static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }

    /** {@code none}: an empty list; otherwise comma-separated whole numbers. */
    public static final class WholeNumbersOrNone implements ITypeConverter<List<Integer>> {
        @Override
        public List<Integer> convert(String value) {
            List<Integer> numbers = new ArrayList<>();
            for (String name : NamesOrNone.split(value)) {
                numbers.add(wholeNumber(name));
            }
            return numbers;
        }
    }

    /** {@code none}: an empty list; otherwise comma-separated names, trimmed. */
    public static final class NamesOrNone implements ITypeConverter<List<String>> {
        @Override
        public List<String> convert(String value) {
            return split(value);
        }

        static List<String> split(String value) {
            if (value.isBlank() || value.trim().equalsIgnoreCase("none")) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String part : value.split(",")) {
                names.add(part.trim());
            }
            return names;
        }
    }
}
