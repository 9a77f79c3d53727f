package dev.ecivk.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

    private static OperatorConfig parse(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult result = cli.parseArgs(all);
        CommandLine run = result.subcommand().commandSpec().commandLine();
        return readConfig(run).validate();
    }

    private static OperatorConfig readConfig(CommandLine run) {
        return (OperatorConfig) run.getCommandSpec().mixins().values().stream()
                .map(m -> m.userObject())
                .filter(o -> o instanceof OperatorConfig)
                .findFirst()
                .orElseThrow();
    }

    private static Result run(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {}

    @Test
    void defaultsMatchTheDocumentedOnes() {
        OperatorConfig c = parse(Map.of());
        assertThat(c.nodeName()).isEqualTo("ecivk-node");
        assertThat(c.kubeletPort()).isEqualTo(10250);
        assertThat(c.metricsPort()).isEqualTo(9090);
        assertThat(c.provider()).isEqualTo(ProviderKind.simulator);
        assertThat(c.statusSyncInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.nodeIp()).isNull();
    }

    @Test
    void everyOptionIsAlsoReadFromTheEnvironment() {
        OperatorConfig c = parse(Map.of(
                "ECIVK_NODE_NAME", "from-env",
                "ECIVK_KUBELET_PORT", "11250",
                "ECIVK_PROVIDER", "eci",
                "ECIVK_STATUS_SYNC_INTERVAL", "750ms",
                "ECIVK_ECI_VSWITCH_IDS", "vsw-1,vsw-2"));
        assertThat(c.nodeName()).isEqualTo("from-env");
        assertThat(c.kubeletPort()).isEqualTo(11250);
        assertThat(c.provider()).isEqualTo(ProviderKind.eci);
        assertThat(c.statusSyncInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.eciVSwitchIds()).containsExactly("vsw-1", "vsw-2");
    }

    @Test
    void theCommandLineWinsOverTheEnvironment() {
        OperatorConfig c = parse(Map.of("ECIVK_NODE_NAME", "from-env"), "--node-name", "from-flag");
        assertThat(c.nodeName()).isEqualTo("from-flag");
    }

    @Test
    void aBadValueExitsWithCode2AndOneLineNamingTheOption() {
        Result r = run(Map.of(), "run", "--kubelet-port", "http");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--kubelet-port");

        Result range = run(Map.of(), "run", "--kubelet-port", "70000");
        assertThat(range.code()).isEqualTo(2);
        assertThat(range.err()).contains("--kubelet-port").contains("70000");

        Result name = run(Map.of(), "run", "--node-name", "Not_A_Name");
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err()).contains("--node-name");

        Result env = run(Map.of("ECIVK_METRICS_PORT", "nope"), "run");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains("--metrics-port");

        Result provider = run(Map.of(), "run", "--provider", "aws");
        assertThat(provider.code()).isEqualTo(2);
        assertThat(provider.err()).contains("--provider");
    }

    @Test
    void helpListsEveryOption() {
        Result r = run(Map.of(), "run", "--help");
        assertThat(r.code()).isZero();
        for (String option : ReadmeOptionsTest.declared().keySet()) {
            assertThat(r.out()).contains(option);
        }
    }

    @Test
    void secretsAreRedactedInTheConfigsDescription() {
        OperatorConfig c = parse(Map.of(), "--sim-access-key-secret", "s3cr3t-value");
        assertThat(c.simulator().accessKeySecret()).isEqualTo("s3cr3t-value");
        assertThat(c.toString()).doesNotContain("s3cr3t-value");
    }
}
