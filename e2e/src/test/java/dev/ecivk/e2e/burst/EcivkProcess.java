package dev.ecivk.e2e.burst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * ecivk as its own JVM, as the chart runs it: {@code java <JVM options> -jar ecivk.jar run --kubeconfig FILE ...},
 * with the embedded ECI inside it. Its RSS is then the controller's alone, apart from the mock apiserver and the
 * benchmark. Its output goes to a log file; the process is stopped (SIGTERM, then killed) when the run ends or the
 * benchmark exits.
 */
final class EcivkProcess implements KubeletUnderTest {
    /** ECI's embedded AccessKey secret travels in the environment, not on the command line that ps shows. */
    static final String SECRET_VARIABLE = "ECIVK_SIM_ACCESS_KEY_SECRET";

    private final Process process;
    private final Path log;
    private final int metricsPort;
    private final EciAccess eci;
    private final EciProcess eciProcess;
    private final Thread killOnExit;

    private EcivkProcess(Process process, Path log, int metricsPort, EciAccess eci, EciProcess eciProcess) {
        this.process = process;
        this.log = log;
        this.metricsPort = metricsPort;
        this.eci = eci;
        this.eciProcess = eciProcess;
        this.killOnExit = new Thread(process::destroyForcibly, "burst-benchmark-stop-controller");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * @param runArgs {@code ecivk run} options; they must set {@code --metrics-port metricsPort}, the embedded ECI's
     *     port, region and AccessKey id as {@code eci} names them (the secret is passed here, in the environment)
     * @param dir where the controller's log goes
     * @param eciProcess the embedded ECI in its own JVM, which the run options name with {@code --eci-endpoint}; null
     *     when it runs in the controller's; stopped with the controller
     */
    static EcivkProcess start(
            Path jar,
            List<String> jvmOptions,
            Path kubeconfig,
            List<String> runArgs,
            int metricsPort,
            EciAccess eci,
            Path dir,
            EciProcess eciProcess)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " does not exist: build it first with ./mvnw -q -o -pl operator package -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "run", "--kubeconfig", kubeconfig.toString()));
        command.addAll(runArgs);
        Path log = dir.resolve("controller.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(SECRET_VARIABLE, eci.accessKeySecret());
        return new EcivkProcess(builder.start(), log, metricsPort, eci, eciProcess);
    }

    @Override
    public String describe() {
        String own = "ecivk in its own JVM (pid " + process.pid() + ", log " + log + ")";
        return eciProcess == null ? own + " with the embedded ECI in it" : own + "; " + eciProcess.describe();
    }

    @Override
    public Optional<EciAccess> eci() {
        return Optional.of(eci);
    }

    @Override
    public String metrics() {
        return Scrape.metrics(metricsPort);
    }

    @Override
    public ProcStatus.Rss rss() {
        return ProcStatus.rss(process.pid());
    }

    @Override
    public Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("the controller's JVM", ProcStatus.cpuSeconds(process.pid()));
        if (eciProcess != null) {
            cpu.put("the embedded ECI's JVM", eciProcess.cpuSeconds());
        }
        cpu.put(BENCHMARK_JVM, ProcStatus.ownCpuSeconds());
        return cpu;
    }

    @Override
    public Optional<ProcStatus.Rss> eciRss() {
        return eciProcess == null ? Optional.empty() : Optional.of(eciProcess.rss());
    }

    @Override
    public boolean ownProcess() {
        return true;
    }

    @Override
    public void awaitReady(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!Scrape.ready(metricsPort)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the controller did not answer /readyz with 200 within " + max
                        + "; the end of " + log + ":\n" + tail(20));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    @Override
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the controller exited with code " + process.exitValue() + "; the end of "
                    + log + ":\n" + tail(20));
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
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
        if (eciProcess != null) {
            eciProcess.close();
        }
    }
}
