package io.quoterelay.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The user-facing Markdown (README.md and docs/*.md) and the pieces of it that name code. */
final class DocsText {
    /** The repository root, as seen from a module's directory (where surefire runs). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern COMPILABLE = Pattern.compile("<!-- compiles[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    private DocsText() {
    }

    static String read(String relativePath) {
        try {
            return Files.readString(ROOT.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every docs/*.md, by path relative to the root. */
    static List<String> guides() {
        List<String> paths = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted()
                .forEach(p -> paths.add(ROOT.relativize(p).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /** The text of every backticked span in {@code markdown}, in order, without duplicates. */
    static Set<String> codeSpans(String markdown) {
        Set<String> spans = new LinkedHashSet<>();
        Matcher m = CODE_SPAN.matcher(markdown.replaceAll("(?s)```.*?```", ""));
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }

    /** Every match of {@code group 1} of {@code pattern} inside backticked spans of all guides. */
    static Set<String> inCodeSpans(Pattern pattern, String markdown) {
        Set<String> found = new LinkedHashSet<>();
        for (String span : codeSpans(markdown)) {
            Matcher m = pattern.matcher(span);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** The bodies of the ```java blocks marked {@code <!-- compiles ... -->}: whole compilation units. */
    static List<String> compilableSnippets(String markdown) {
        List<String> snippets = new ArrayList<>();
        Matcher m = COMPILABLE.matcher(markdown);
        while (m.find()) {
            snippets.add(m.group(1));
        }
        return snippets;
    }

    /**
     * The first cell of each row of the first table after the heading {@code heading} (a line
     * starting with it), header and separator rows left out.
     */
    static List<String> firstColumn(String markdown, String heading) {
        int at = markdown.indexOf("\n" + heading);
        if (at < 0) {
            throw new AssertionError("no heading '" + heading + "'");
        }
        List<String> cells = new ArrayList<>();
        boolean inTable = false;
        for (String line : markdown.substring(at + 1).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                String cell = line.substring(1, indexOfCellEnd(line)).trim();
                if (!cell.startsWith("---") && !cell.isEmpty()) {
                    cells.add(cell);
                }
            } else if (inTable) {
                break;
            }
        }
        return cells.size() > 0 ? cells.subList(1, cells.size()) : cells;
    }

    /** The end of the first cell: the first '|' outside backticks ({@code `a\|b`} escapes one in Markdown). */
    private static int indexOfCellEnd(String line) {
        boolean code = false;
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                code = !code;
            } else if (c == '|' && !code && line.charAt(i - 1) != '\\') {
                return i;
            }
        }
        return line.length();
    }

    /**
     * The text of every file of the project that is not a guide, a test or build output, joined:
     * the sources, compose files, scripts and CI a documented name must come from.
     */
    static String projectSources() {
        StringBuilder all = new StringBuilder(1 << 22);
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(ROOT)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    boolean guides = name.equals("docs") && dir.getParent().equals(ROOT);
                    boolean tests = name.equals("test") && dir.getParent().getFileName().toString().equals("src");
                    boolean skip = guides || tests || name.equals("target") || name.startsWith(".git")
                        || name.equals(".cache") || name.equals(".mvn");
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = file.getFileName().toString();
                    if (!file.getParent().equals(ROOT) || !name.equals("README.md")) {
                        if (attrs.size() < 1_000_000 && !name.endsWith(".jar") && !name.endsWith(".tar")) {
                            all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    /** Whether {@code word} occurs in {@code text} as a whole word. */
    static boolean containsWord(String text, String word) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])").matcher(text).find();
    }
}
