package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The two parties on two hosts: `serve --bind` in one network namespace, `infer --connect` in another, joined
 * by a veth pair whose addresses (10.213.7.1 and .2) exist only inside the two namespaces, which the test
 * creates and always removes. It needs root and iproute2, and is skipped with the reason where it lacks them.
 */
class TwoNamespacesTest {
    private static final String SERVER_ADDRESS = "10.213.7.1";

    @Test
    void aClientInAnotherNamespaceGetsThePredictionsOfTheInProcessRun() throws Exception {
        String id = String.valueOf(ProcessHandle.current().pid());
        String serverNs = "hq-serve-" + id;
        String clientNs = "hq-client-" + id;
        Assumptions.assumeTrue(run("ip", "netns", "add", serverNs) == 0,
                "skipped: cannot create network namespaces (needs root and iproute2's `ip`)");
        Process server = null;
        try {
            require("ip", "netns", "add", clientNs);
            Assumptions.assumeTrue(run("ip", "link", "add", "hqs" + id, "netns", serverNs, "type", "veth", "peer", "name",
                    "hqc" + id, "netns", clientNs) == 0, "skipped: cannot create a veth pair between namespaces");
            require("ip", "-n", serverNs, "addr", "add", SERVER_ADDRESS + "/30", "dev", "hqs" + id);
            require("ip", "-n", clientNs, "addr", "add", "10.213.7.2/30", "dev", "hqc" + id);
            for (String[] end : new String[][] {{serverNs, "hqs" + id}, {clientNs, "hqc" + id}}) {
                require("ip", "-n", end[0], "link", "set", end[1], "up");
                require("ip", "-n", end[0], "link", "set", "lo", "up");
            }
            server = new ProcessBuilder(hequant(serverNs, "serve", "--model", TcpInferCommandTest.MODEL, "--bind",
                    SERVER_ADDRESS, "--port", "7420")).redirectErrorStream(true).start();
            awaitServing(server);
            Process client = new ProcessBuilder(hequant(clientNs, "infer", "--connect", SERVER_ADDRESS + ":7420",
                    "--model", TcpInferCommandTest.MODEL, "--dataset", TcpInferCommandTest.DATASET, "--limit", "3",
                    "--json")).redirectErrorStream(true).start();
            String remote = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(120, TimeUnit.SECONDS) && client.exitValue() == 0, remote);
            String local = CommandOutput.of("infer", "--model", TcpInferCommandTest.MODEL, "--dataset",
                    TcpInferCommandTest.DATASET, "--limit", "3", "--json");
            assertTrue(remote.contains("\"server\": \"" + SERVER_ADDRESS + ":7420\""), remote);
            assertTrue(remote.contains("\"agreement\": 1.0,"), remote);
            assertEquals(TcpInferCommandTest.field(local, "accuracy"), TcpInferCommandTest.field(remote, "accuracy"));
            assertEquals(TcpInferCommandTest.field(local, "rounds"), TcpInferCommandTest.field(remote, "rounds"));
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            run("ip", "netns", "del", clientNs);
            run("ip", "netns", "del", serverNs);
        }
    }

    /** The CLI in a fresh JVM inside a namespace, with this test's classpath. */
    private static List<String> hequant(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.hequant.cli.Hequant"));
        command.addAll(List.of(args));
        return command;
    }

    private static void awaitServing(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.startsWith("serving ")) {
                return;
            }
        }
        throw new AssertionError("serve ended before listening:\n" + seen);
    }

    private static void require(String... command) throws IOException, InterruptedException {
        assertEquals(0, run(command), String.join(" ", command));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                    ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException noIp) {
            return -1;
        }
    }
}
