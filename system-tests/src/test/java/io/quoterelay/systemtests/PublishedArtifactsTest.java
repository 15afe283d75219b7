package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What docs/embedding.md tells an executor to add and to install must exist: the BOM's entries
 * are modules of this build at its version, and every artifact and module the guide names is one.
 */
class PublishedArtifactsTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void theBomListsModulesOfThisBuildAtItsVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("quoterelay-bom").resolve("pom.xml"));
        assertEquals(firstVersion(parent), firstVersion(bom), "the BOM's version follows the build's");
        Set<String> modules = modules(parent);
        String managed = bom.substring(bom.indexOf("<dependencyManagement>"));
        Matcher m = ARTIFACT_ID.matcher(managed);
        while (m.find()) {
            assertTrue(modules.contains(m.group(1)), "the BOM lists " + m.group(1) + ", which is no module");
            String pom = Files.readString(ROOT.resolve(m.group(1)).resolve("pom.xml"));
            assertTrue(pom.contains("<artifactId>" + m.group(1) + "</artifactId>"), m.group(1) + "'s artifactId");
        }
    }

    @Test
    void everyArtifactAndModuleTheEmbeddingGuideNamesExists() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs").resolve("embedding.md"));
        Set<String> modules = modules(Files.readString(ROOT.resolve("pom.xml")));
        Matcher ids = ARTIFACT_ID.matcher(guide);
        int named = 0;
        while (ids.find()) {
            assertTrue(modules.contains(ids.group(1)), "embedding.md names artifact " + ids.group(1));
            named++;
        }
        Matcher install = Pattern.compile("install -pl ([\\w,-]+)").matcher(guide);
        assertTrue(install.find(), "embedding.md says how to install from a clone");
        for (String module : install.group(1).split(",")) {
            assertTrue(modules.contains(module), "the install command names module " + module);
        }
        assertTrue(named >= 2, "the dependency and the BOM import are shown");
    }

    private static Set<String> modules(String parentPom) {
        Set<String> modules = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    /** The project's own version: the first {@code <version>} outside any parent or plugin block. */
    private static String firstVersion(String pom) {
        String own = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(own);
        assertTrue(m.find(), "a version");
        return m.group(1);
    }
}
