package dev.ecivk.e2e.burst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded ECI as a JVM of its own ({@code java -jar ecivk.jar simulator}), for a controller that then talks to
 * it as to Alibaba's ECI ({@code --eci-endpoint}): the controller's RSS holds no simulated cloud. Its output goes to
 * a log file; it is stopped when the run ends or the benchmark exits.
 */
public final class EciProcess implements AutoCloseable {
    /**
     * The embedded ECI's JVM options unless {@code --eci-jvm-options} says otherwise: the image's garbage collector
     * and JIT (as {@code ecivk simulator} runs from the image), with a heap that holds 10,000 groups and their
     * events. The embedded ECI stands in for a cloud whose CPU is not the node's: C2's compilations in a cold JVM
     * would take the cores the controller and the apiserver share with it.
     */
    public static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx2g";

    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private EciProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "burst-benchmark-stop-eci");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code ecivk simulator} on {@code port} with {@code simArgs} ({@code --sim-*} options; the AccessKey
     * secret is passed in the environment) and waits until its admin API answers.
     */
    static EciProcess start(
            Path jar, List<String> jvmOptions, int port, List<String> simArgs, EciAccess access, Path dir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "simulator", "--sim-port", String.valueOf(port)));
        command.addAll(simArgs);
        Path log = dir.resolve("eci.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(EcivkProcess.SECRET_VARIABLE, access.accessKeySecret());
        EciProcess eci = new EciProcess(builder.start(), log);
        eci.awaitReady(access, Duration.ofSeconds(60));
        return eci;
    }

    private void awaitReady(EciAccess access, Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the embedded ECI exited with code " + process.exitValue() + "; see "
                        + log + ":\n" + Files.readString(log));
            }
            try {
                access.admin().counters();
                return;
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the embedded ECI", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        close();
        throw new IOException("the embedded ECI did not answer within " + max + " (see " + log + ")", last);
    }

    ProcStatus.Rss rss() {
        return ProcStatus.rss(process.pid());
    }

    double cpuSeconds() {
        return ProcStatus.cpuSeconds(process.pid());
    }

    String describe() {
        return "the embedded ECI in its own JVM (pid " + process.pid() + ", log " + log + ")";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
