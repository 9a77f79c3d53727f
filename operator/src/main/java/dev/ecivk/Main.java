package dev.ecivk;

import dev.ecivk.cli.AgentCommand;
import dev.ecivk.cli.RunCommand;
import dev.ecivk.cli.SimulatorCommand;
import dev.ecivk.config.EnvDefaults;
import dev.ecivk.kube.TlsCipherOrder;
import dev.ecivk.logging.Redactor;
import dev.ecivk.runtime.BuildInfo;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ecivk} command line: wiring only. */
@Command(
        name = "ecivk",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A virtual Kubernetes node that runs Pods on Alibaba Cloud Elastic Container Instance.",
        subcommands = {RunCommand.class, SimulatorCommand.class, AgentCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        TlsCipherOrder.apply(); // before the first TLS connection
        System.exit(execute(System.getenv(), args));
    }

    /** Runs the command line against the given environment; returns the exit code. */
    public static int execute(Map<String, String> env, String... args) {
        // credentials the cloud client reads from the environment are masked in every log line and Event
        for (String secret :
                new String[] {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SK"
                }) {
            String value = env.get(secret);
            if (value != null && !value.isBlank()) {
                Redactor.global().register(value);
            }
        }
        CommandLine cli = commandLine(env);
        return cli.execute(args);
    }

    /** The command tree, with option defaults read from {@code env}. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Main());
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.setParameterExceptionHandler(Main::oneLineError);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** A bad value: one line naming the option, exit code 2. */
    private static int oneLineError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("ecivk: " + e.getMessage());
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ecivk " + BuildInfo.version()};
        }
    }
}
