package io.quoterelay.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServerProcessTest {
    @Test
    void listeningLineGivesThePort() {
        assertEquals(OptionalInt.of(45123), ServerProcess.parseListeningPort("listening on 45123"));
        assertEquals(OptionalInt.of(1), ServerProcess.parseListeningPort("listening on 1 "));
    }

    @Test
    void otherLinesAndImpossiblePortsAreNotListeningLines() {
        assertTrue(ServerProcess.parseListeningPort("12:00:01 INFO listening on 45123 soon").isEmpty());
        assertTrue(ServerProcess.parseListeningPort("listening on 0").isEmpty());
        assertTrue(ServerProcess.parseListeningPort("listening on 70000").isEmpty());
        assertTrue(ServerProcess.parseListeningPort("").isEmpty());
    }

    @Test
    void childRunsTheSameJavaAndClasspath() {
        List<String> cmd = ServerProcess.javaCommand("a.Main", List.of("server", "--x"));
        assertTrue(cmd.get(0).startsWith(System.getProperty("java.home")));
        assertEquals(System.getProperty("java.class.path"), cmd.get(cmd.indexOf("-cp") + 1));
        assertEquals(List.of("a.Main", "server", "--x"), cmd.subList(cmd.size() - 3, cmd.size()));
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("-agentlib") || a.startsWith("-javaagent")));
    }
}
