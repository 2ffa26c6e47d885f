package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `infer --connect` reports what the in-process run does: the same rounds and bytes, agreement and estimates. */
class TcpInferCommandTest {
    static final String MODEL = "../models/demo/fashion-mnist-w4a4.hqm";
    static final String DATASET = "idx:../models/demo/fashion-mnist-sample";

    @Test
    void theTcpClientReportsRoundsAgreementAndEstimatesAsInProcess() throws Exception {
        int port = freePort();
        Thread serving = new Thread(() -> Hequant.commandLine().execute("serve", "--model", MODEL, "--port",
                String.valueOf(port)), "test-serve");
        serving.setDaemon(true);
        serving.start();
        awaitListening(port);
        String tcp = CommandOutput.of("infer", "--connect", "127.0.0.1:" + port, "--model", MODEL, "--dataset", DATASET,
                "--limit", "2", "--json");
        String local = CommandOutput.of("infer", "--model", MODEL, "--dataset", DATASET, "--limit", "2", "--json");
        assertTrue(tcp.contains("\"agreement\": 1.0,"), tcp);
        assertEquals(field(local, "rounds"), field(tcp, "rounds"), tcp + "\n" + local);
        assertEquals(field(local, "bytes_total"), field(tcp, "bytes_total"), tcp + "\n" + local);
        assertTrue(Long.parseLong(field(tcp, "lan_ms")) > 0 && Long.parseLong(field(tcp, "wan_ms"))
                > Long.parseLong(field(tcp, "lan_ms")), tcp);
        String blind = CommandOutput.of("infer", "--connect", "127.0.0.1:" + port, "--dataset", DATASET, "--limit", "1",
                "--json");
        assertTrue(blind.contains("\"agreement\": null,"), blind);
        InferCommand.RemoteInferSummary r = org.hequant.report.Json.readRecord(blind,
                InferCommand.RemoteInferSummary.class);
        assertEquals(blind, org.hequant.report.Json.record(r));
        assertEquals(null, r.agreement());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([0-9.a-z]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("serve did not listen on port " + port);
    }
}
