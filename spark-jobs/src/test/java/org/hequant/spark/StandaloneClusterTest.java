package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1: a master and two one-core workers, each its own JVM started from
 * the test's Maven classpath, and executors launched by the workers. Spark's launcher needs a Spark home
 * with a jars/ folder to build executor commands, so the test makes one of links to the classpath's jars;
 * the modules' class folders reach the executors through spark.executor.extraClassPath.
 */
class StandaloneClusterTest {
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final AtomicInteger EXECUTORS_LOST = new AtomicInteger();
    private static SparkSession spark;
    /** Holds links to the jars of the local Maven repository: outside JUnit's temp folder, which warns per link. */
    private static Path home;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startCluster() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "spark-home");
        Files.createDirectories(home.resolve("conf"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        int n = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                Files.createSymbolicLink(jars.resolve((n++) + "-" + Path.of(entry).getFileName()), Path.of(entry));
            }
        }
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        start(home, classPath, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        awaitPort(port);
        for (int w = 0; w < 2; w++) {
            start(home, classPath, "worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--webui-port", String.valueOf(freePort()), "--cores", "1", "--memory", "1g", "--work-dir",
                    temp.resolve("work" + w).toString(), master);
        }
        spark = SparkSession.builder().master(master).appName("StandaloneClusterTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.executor.memory", "640m")
                .config("spark.executor.cores", "1").config("spark.executor.extraClassPath", classPath)
                // The executors' memory settings of conf/spark/standalone.conf, scaled to this test's heap.
                .config("spark.executor.extraJavaOptions", "-XX:+UseParallelGC -Xmn128m -XX:+AlwaysPreTouch")
                // Start only once both workers have an executor, so the job really spreads over two JVMs.
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "90s")
                .getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                EXECUTORS_LOST.incrementAndGet();
            }
        });
    }

    private static void start(Path home, String classPath, String name, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        // The module flags Spark needs (the surefire argLine), as this JVM got them.
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-") || flag.startsWith("-XX:+IgnoreUnrecognized") || flag.startsWith("-Dio.netty")
                    || flag.startsWith("-Djdk.reflect")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        PROCESSES.add(pb.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not open port " + port + " within 60 s; see "
                + temp.resolve("master.log"));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException, IOException {
        if (spark != null) {
            spark.stop();
        }
        // Workers first (each stops its executors), then the master.
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            PROCESSES.get(i).destroy();
            if (!PROCESSES.get(i).waitFor(30, TimeUnit.SECONDS)) {
                PROCESSES.get(i).destroyForcibly();
            }
        }
        if (home != null) {
            try (var links = Files.walk(home)) {
                for (Path p : links.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void aTilesJobWithAnExecutorKilledMidwayGivesTheInProcessResults() throws Exception {
        // The executor that runs the first tile of image 2 halts on that tile's first attempt, taking any other
        // tile it runs with it; the driver's sessions live on, and Spark reruns the lost tiles.
        int lostBefore = EXECUTORS_LOST.get();
        EvaluationSettings settings = InProcessReference.demoSettings(temp.resolve("tiles").toString()).toBuilder()
                .schedule(EvaluationSettings.Schedule.TILES).build();
        Evaluation e = EvaluateJob.run(spark, settings, new FaultInjection(2, FaultInjection.Kind.HALT_EXECUTOR));
        InProcessReference.demo().assertMatches(e);
        assertEquals("tiles", e.summary().schedule());
        assertTrue(e.summary().tileTasks() > 0);
        awaitExecutorLoss(lostBefore);
    }

    @Test
    void aBfvEvaluationWithAnExecutorKilledMidwayGivesTheEnginesLabels() throws Exception {
        // Two batches (3 + 2 images) of one CRT prime: a channel task on each one-core executor. The executor that
        // starts image 4's batch halts on the first attempt; Spark reruns the lost task, which draws fresh keys
        // and decrypts the same residues.
        int lostBefore = EXECUTORS_LOST.get();
        BfvEvaluationSettings settings = new BfvEvaluationSettings(BfvTestModel.write(temp), BfvTestModel.dataset(5),
                0, 1, 0, 3, 1, temp.resolve("bfv").toString());
        BfvEvaluation e = BfvEvaluateJob.run(spark, settings, new FaultInjection(4, FaultInjection.Kind.HALT_EXECUTOR));
        BfvTestModel.assertMatchesTheEngine(e, BfvTestModel.expected(5), 1, 2);
        assertTrue(e.summary().master().startsWith("spark://127.0.0.1:"));
        awaitExecutorLoss(lostBefore);
    }

    /** The listener bus is asynchronous: give it a moment to report the loss it has certainly seen. */
    private static void awaitExecutorLoss(int lostBefore) throws InterruptedException {
        for (int i = 0; i < 50 && EXECUTORS_LOST.get() == lostBefore; i++) {
            Thread.sleep(200);
        }
        assertTrue(EXECUTORS_LOST.get() > lostBefore, "the injected halt must have cost an executor");
    }

    @Test
    void aJobWithAnExecutorKilledMidwayGivesTheInProcessResults() throws Exception {
        int lostBefore = EXECUTORS_LOST.get();
        // One image per task; the executor that starts image 2 halts its JVM on the first attempt, taking any
        // task it runs with it. Spark reruns them on the surviving or a relaunched executor.
        EvaluationSettings settings = InProcessReference.demoSettings(temp.resolve("out").toString())
                .toBuilder().imagesPerTask(1).build();
        Evaluation e = EvaluateJob.run(spark, settings, new FaultInjection(2, FaultInjection.Kind.HALT_EXECUTOR));
        InProcessReference.demo().assertMatches(e);
        assertEquals((long) InProcessReference.DEMO_IMAGES, e.summary().sessions(),
                "sessions of lost attempts must not be counted");
        assertTrue(e.summary().master().startsWith("spark://127.0.0.1:"));
        assertTrue(Files.isRegularFile(temp.resolve("out").resolve("report.html")));
        awaitExecutorLoss(lostBefore);
    }
}
