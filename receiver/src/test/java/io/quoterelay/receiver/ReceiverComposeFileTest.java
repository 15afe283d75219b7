package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quoterelay.certs.PkiFiles;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * compose/docker-compose.receiver.yml and receiver.env.example against what {@link ReceiverMain}
 * actually reads: a misspelled variable would be ignored silently and the container would run on
 * a default, so every name must be one of the main's options' environment names.
 */
class ReceiverComposeFileTest {
    private static final Path COMPOSE = Path.of("..", "compose");

    /** Every environment name the main accepts: its options' descriptionKeys, primary and aliases. */
    static Set<String> acceptedNames() {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : new CommandLine(new ReceiverMain()).getCommandSpec().options()) {
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

    private static JsonNode service() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.resolve("docker-compose.receiver.yml").toFile());
        JsonNode service = root.path("services").path("receiver");
        assertTrue(service.isObject(), "service 'receiver' in docker-compose.receiver.yml");
        return service;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = service.path("environment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), e.getValue().asText());
        }
        return env;
    }

    /** NAME=value lines of an env file, commented-out examples ("#NAME=value") included. */
    static List<String> envFileNames(Path file) throws Exception {
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

    @Test
    void everyVariableTheComposeFileSetsIsOneTheReceiverReads() throws Exception {
        Set<String> accepted = acceptedNames();
        for (String name : environment(service()).keySet()) {
            assertTrue(accepted.contains(name), "docker-compose.receiver.yml sets " + name
                + ", which ReceiverMain does not read; it reads " + accepted);
        }
    }

    @Test
    void everyVariableOfTheEnvExampleIsOneTheReceiverReads() throws Exception {
        Set<String> accepted = acceptedNames();
        List<String> names = envFileNames(COMPOSE.resolve("receiver.env.example"));
        assertTrue(names.size() >= 3, "receiver.env.example lists settings: " + names);
        for (String name : names) {
            assertTrue(accepted.contains(name), "receiver.env.example sets " + name
                + ", which ReceiverMain does not read; it reads " + accepted);
        }
        assertTrue(service().path("env_file").toString().contains("receiver.env"), "the compose file reads receiver.env");
    }

    @Test
    void certificatePathsLieInTheReadOnlyCertsVolumeUnderTheNamesTheCertsToolWrites(@TempDir Path dir) throws Exception {
        JsonNode service = service();
        List<String> readOnlyMounts = new ArrayList<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts.length == 3 && parts[2].equals("ro")) {
                readOnlyMounts.add(parts[1]);
            }
        }
        assertEquals(List.of("/certs"), readOnlyMounts, "certificates are mounted read-only at /certs");
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        Map<String, String> env = environment(service);
        Map<String, Path> expected = Map.of("SERVER_CERT", pki.serverCert(), "SERVER_KEY", pki.serverKey(),
            "CA_CERT", pki.caCert());
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            String value = env.get(e.getKey());
            assertEquals("/certs/" + e.getValue().getFileName(), value,
                e.getKey() + " names the file the certs tool writes, inside the mount");
            assertTrue(Files.exists(e.getValue()), "certs tool wrote " + e.getValue());
        }
    }

    @Test
    void portsAndHealthCheckAgreeWithTheSettings() throws Exception {
        JsonNode service = service();
        Map<String, String> env = environment(service);
        String relayPort = env.get("RELAY_PORT");
        String metricsPort = env.get("METRICS_PORT");
        assertEquals("9001", relayPort, "the port the image exposes");
        String ports = service.path("ports").toString();
        assertTrue(ports.contains(":" + relayPort + "\""), "relay port published: " + ports);
        assertTrue(ports.contains("127.0.0.1:") && ports.contains(":" + metricsPort + "\""),
            "metrics published on the host's loopback only: " + ports);
        String test = service.path("healthcheck").path("test").toString();
        assertEquals("[\"CMD\",\"bash\",\"/usr/local/bin/quoterelay-health\"]", test,
            "the health check runs the image's probe (no spaces in arguments: podman-compose 1.0 mangles them)");
        Path probe = Path.of("..", "containers", "image-files", "usr", "local", "bin", "quoterelay-health");
        String script = Files.readString(probe);
        assertTrue(script.contains("${METRICS_PORT:-}") && script.contains("GET /health"),
            "the probe asks /health on METRICS_PORT, which the compose file sets to " + metricsPort);
    }
}
