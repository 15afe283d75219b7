package io.quoterelay.ops.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One service of a compose file under compose/, checked against the main that runs in it: a
 * misspelled variable would be ignored silently and the container would run on a default, so every
 * name must be one of the main's options' environment names. The sender's and receiver's tests
 * add what is their own (which certificates, which ports).
 */
public final class ComposeService {
    /** compose/, seen from a module's directory (where Maven runs its tests). */
    public static final Path COMPOSE = Path.of("..", "compose");

    private final String file;
    private final JsonNode service;

    private ComposeService(String file, JsonNode service) {
        this.file = file;
        this.service = service;
    }

    /** Reads service {@code name} of compose/{@code file}, failing when it is not there. */
    public static ComposeService read(String file, String name) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.resolve(file).toFile());
        JsonNode service = root.path("services").path(name);
        assertTrue(service.isObject(), "service '" + name + "' in " + file);
        return new ComposeService(file, service);
    }

    /** The service's definition as read. */
    public JsonNode node() {
        return service;
    }

    /** The service's {@code environment}, in the file's order. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = service.path("environment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), e.getValue().asText());
        }
        return env;
    }

    /** Every environment name {@code main} accepts: its options' descriptionKeys, primary and aliases. */
    public static Set<String> acceptedNames(Object main) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : new CommandLine(main).getCommandSpec().options()) {
            if (o.descriptionKey() != null && !o.descriptionKey().isEmpty()) {
                for (String name : o.descriptionKey().split("\\|")) {
                    if (name.matches("[A-Z][A-Z0-9_]*")) { // not picocli's own keys (mixinStandardHelpOptions.help)
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** NAME=value lines of an env file, commented-out examples ("#NAME=value") included. */
    public static List<String> envFileNames(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        Pattern line = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=.*");
        for (String l : Files.readAllLines(file)) {
            Matcher m = line.matcher(l.trim());
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every variable the service's environment sets is one {@code main} reads. */
    public void assertSetsOnlyVariablesReadBy(Object main) {
        Set<String> accepted = acceptedNames(main);
        for (String name : environment().keySet()) {
            assertTrue(accepted.contains(name), file + " sets " + name
                + ", which " + main.getClass().getSimpleName() + " does not read; it reads " + accepted);
        }
    }

    /**
     * compose/{@code envExample} ("receiver.env.example") lists settings, every one a variable
     * {@code main} reads, and the service reads the env file made from it ("receiver.env").
     */
    public void assertEnvExampleSetsOnlyVariablesReadBy(String envExample, Object main) throws IOException {
        Set<String> accepted = acceptedNames(main);
        List<String> names = envFileNames(COMPOSE.resolve(envExample));
        assertTrue(names.size() >= 3, envExample + " lists settings: " + names);
        for (String name : names) {
            assertTrue(accepted.contains(name), envExample + " sets " + name
                + ", which " + main.getClass().getSimpleName() + " does not read; it reads " + accepted);
        }
        String envFile = envExample.replaceFirst("\\.example$", "");
        assertTrue(service.path("env_file").toString().contains(envFile), "the compose file reads " + envFile);
    }

    /**
     * Certificates are mounted read-only at /certs, and each variable of {@code expected} names,
     * inside that mount, the file the certs tool wrote (the values: files it just generated).
     */
    public void assertCertificatesInReadOnlyCertsVolume(Map<String, Path> expected) {
        List<String> readOnlyMounts = new ArrayList<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts.length == 3 && parts[2].equals("ro")) {
                readOnlyMounts.add(parts[1]);
            }
        }
        assertEquals(List.of("/certs"), readOnlyMounts, "certificates are mounted read-only at /certs");
        Map<String, String> env = environment();
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            String value = env.get(e.getKey());
            assertEquals("/certs/" + e.getValue().getFileName(), value,
                e.getKey() + " names the file the certs tool writes, inside the mount");
            assertTrue(Files.exists(e.getValue()), "certs tool wrote " + e.getValue());
        }
    }

    /**
     * METRICS_PORT is published on the host's loopback only, and the health check runs the image's
     * probe, which asks /health on METRICS_PORT.
     */
    public void assertMetricsOnLoopbackAndHealthCheckedThere() throws IOException {
        String metricsPort = environment().get("METRICS_PORT");
        assertEquals("host", service.path("network_mode").asText(),
            "host networking: no bridge, NAT or veth on the quote path, and the host firewall sees the port");
        assertTrue(service.path("ports").isMissingNode(), "with host networking nothing is published: "
            + service.path("ports"));
        assertEquals("127.0.0.1", environment().get("METRICS_BIND_ADDRESS"),
            "metrics served on the host's loopback only, never public");
        assertTrue(service.path("cpus").isMissingNode() && !service.path("cpuset").isMissingNode(),
            "a pinned core (cpuset), not a CFS quota (cpus), which freezes the JVM for the rest of each period");
        String test = service.path("healthcheck").path("test").toString();
        assertEquals("[\"CMD\",\"bash\",\"/usr/local/bin/quoterelay-health\"]", test,
            "the health check runs the image's probe (no spaces in arguments: podman-compose 1.0 mangles them)");
        Path probe = Path.of("..", "containers", "image-files", "usr", "local", "bin", "quoterelay-health");
        String script = Files.readString(probe);
        assertTrue(script.contains("${METRICS_PORT:-}") && script.contains("GET /health"),
            "the probe asks /health on METRICS_PORT, which the compose file sets to " + metricsPort);
    }
}
