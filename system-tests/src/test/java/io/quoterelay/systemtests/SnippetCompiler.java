package io.quoterelay.systemtests;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles a Java snippet from the docs, as it stands, against the test's classpath. */
final class SnippetCompiler {
    private static final Pattern TYPE_NAME = Pattern.compile("(?:class|interface|record|enum)\\s+(\\w+)");

    private SnippetCompiler() {
    }

    /** The compiler's diagnostics, or an empty string when {@code source} compiled. */
    static String compile(String source, Path outputDir) {
        Matcher m = TYPE_NAME.matcher(source);
        if (!m.find()) {
            return "a compilable snippet must declare a type:\n" + source;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the tests on a JDK, not a JRE");
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + m.group(1) + ".java"),
            JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-proc:none", "-Xlint:none", "-d", outputDir.toString(), "-classpath", classpath());
        boolean ok = javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
        return ok ? "" : diagnostics + "\nin:\n" + source;
    }

    /** Surefire runs tests from a manifest-only jar; the real classpath is in its own property. */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
