package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelOption;
import io.quoterelay.receiver.ClockStats;
import io.quoterelay.protocol.Health;
import io.quoterelay.receiver.LatencySummary;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.QuoteListener;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the guides (README.md, docs/*.md) name in code exists in the code: snippets marked
 * {@code <!-- compiles -->} compile, {@code Type.method(} calls and the builder table match the
 * classes, and every {@code UPPER_SNAKE} setting comes from somewhere in the project. The names a
 * running system shows (threads, metrics) are checked by {@link DocsNameRunningSystemTest}.
 */
class DocsNameCodeTest {
    /** Packages a {@code Type.method(} in the guides is looked up in. */
    private static final List<String> OUR_PACKAGES = List.of("io.quoterelay.receiver", "io.quoterelay.sender",
        "io.quoterelay.protocol", "io.quoterelay.protocol.netty", "io.quoterelay.simulator", "io.quoterelay.certs");
    /** Types the guides call that are not the project's: the JDK, artio, Python's time module. */
    private static final Set<String> FOREIGN_TYPES = Set.of("System", "Instant", "Thread", "LockSupport", "FixLibrary");
    /** The embedding API: a bare {@code method(} in embedding.md must be a public method of one of these. */
    private static final List<Class<?>> API = List.of(RelayReceiver.class, RelayReceiver.Builder.class, Quote.class,
        QuoteListener.class, ReceiverStats.class, ReceiverStats.Interval.class, ReceiverStats.Accounting.class,
        ReceiverStats.Latency.class, ReceiverStats.Connections.class, ReceiverStats.Frames.class, ReceiverStats.Merged.class,
        SessionStats.class, LatencySummary.class, ClockStats.class, Health.class);

    @TempDir
    Path classes;

    @Test
    void snippetsMarkedCompilableCompileAgainstTheLibrary() {
        int snippets = 0;
        for (String guide : DocsText.guides()) {
            for (String snippet : DocsText.compilableSnippets(DocsText.read(guide))) {
                String errors = SnippetCompiler.compile(snippet, classes.resolve("s" + snippets++));
                assertEquals("", errors, guide + ": a snippet marked compilable does not compile");
            }
        }
        assertTrue(snippets >= 1, "embedding.md has at least one compilable snippet");
    }

    @Test
    void everyTypeQualifiedCallNamesAPublicMethodOfThatType() {
        Pattern call = Pattern.compile("(?<![\\w.])([A-Z]\\w*)\\.(\\w+)\\(");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String guide : DocsText.guides()) {
            for (String qualified : DocsText.inCodeSpans(Pattern.compile("(?<![\\w.])([A-Z]\\w*\\.\\w+)\\("),
                DocsText.read(guide))) {
                Matcher m = call.matcher(qualified + "(");
                m.find();
                String type = m.group(1);
                String method = m.group(2);
                if (FOREIGN_TYPES.contains(type)) {
                    continue;
                }
                Class<?> c = ourType(type);
                checked++;
                if (c == null) {
                    wrong.add(guide + ": `" + qualified + "(` names a type the project does not have");
                } else if (publicMethods(c).noneMatch(method::equals)) {
                    wrong.add(guide + ": `" + qualified + "(`: " + c.getName() + " has no public method " + method);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 5, "the guides name at least a few of the project's methods, found " + checked);
    }

    @Test
    void bareCallsInTheEmbeddingGuideAreMethodsOfTheApi() {
        Set<String> api = API.stream().flatMap(DocsNameCodeTest::publicMethods).collect(Collectors.toSet());
        Set<String> named = DocsText.inCodeSpans(Pattern.compile("^(?:new\\s+)?([a-z]\\w*)\\("),
            DocsText.read("docs/embedding.md"));
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(api);
        assertEquals(Set.of(), unknown, "embedding.md calls methods the API does not have");
        assertTrue(named.size() >= 10, "embedding.md names the API's methods: " + named);
    }

    @Test
    void theBuilderTableListsExactlyTheBuilderMethods() {
        Set<String> documented = new TreeSet<>();
        for (String cell : DocsText.firstColumn(DocsText.read("docs/embedding.md"), "## Builder reference")) {
            Matcher m = Pattern.compile("`(\\w+)\\(").matcher(cell);
            while (m.find()) {
                documented.add(m.group(1));
            }
        }
        Set<String> actual = publicMethods(RelayReceiver.Builder.class).collect(Collectors.toCollection(TreeSet::new));
        actual.remove("start");
        assertEquals(actual, documented, "docs/embedding.md's builder table against RelayReceiver.Builder");
    }

    @Test
    void everySettingNameInTheGuidesComesFromTheProject() {
        String sources = DocsText.projectSources();
        Set<String> socketOptions = Arrays.stream(ChannelOption.class.getFields()).map(f -> f.getName())
            .collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (String guide : DocsText.guides()) {
            for (String name : DocsText.inCodeSpans(Pattern.compile("(?<![\\w.-])([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])(?![\\w(])"),
                DocsText.read(guide))) {
                checked++;
                if (!socketOptions.contains(name) && !DocsText.containsWord(sources, name)) {
                    unknown.add(guide + ": `" + name + "`");
                }
            }
        }
        assertEquals(List.of(), unknown, "settings the guides name that no source, compose file or script reads");
        assertTrue(checked >= 15, "the guides name the settings, found " + checked);
    }

    @Test
    void theCheckBitesOnANameThatDoesNotExist() {
        String sources = DocsText.projectSources();
        assertTrue(DocsText.containsWord(sources, "ALLOWED_SENDERS"));
        assertFalse(DocsText.containsWord(sources, "ALLOWED_SENDER"), "a whole word, not a prefix of a real name");
        assertTrue(SnippetCompiler.compile("class Broken { void f() { io.quoterelay.receiver.RelayReceiver.builder().nope(); } }",
            classes.resolve("broken")).contains("nope"), "a snippet calling a missing method fails to compile");
    }

    private static Class<?> ourType(String simpleName) {
        for (String pkg : OUR_PACKAGES) {
            try {
                return Class.forName(pkg + "." + simpleName);
            } catch (ClassNotFoundException e) {
                // next package
            }
        }
        return null;
    }

    private static java.util.stream.Stream<String> publicMethods(Class<?> c) {
        return Arrays.stream(c.getMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
            .filter(m -> m.getDeclaringClass() != Object.class).map(Method::getName);
    }
}
