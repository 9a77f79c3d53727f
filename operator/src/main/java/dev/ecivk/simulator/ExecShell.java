package dev.ecivk.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the embedded ECI runs inside a container, against a snapshot of it: {@code echo}, {@code env},
 * {@code hostname}, {@code ls}, {@code cat} and {@code test}/{@code [} (of config-file volume files at their mount
 * paths), {@code true}, {@code false}, {@code sleep}, {@code exit N} and {@code sh -c "a; b"}.
 *
 * <p>What happens to everything else depends on who runs the command. An exec <em>session</em> is a person looking
 * around the container: a program the model cannot run exits 127 ({@code not found}) and a file it does not know is
 * missing, the honest answer about what is there. A <em>probe or hook</em> is the image author's own check, built
 * on the image's tools ({@code redis-cli ping}, {@code pg_isready}): the model cannot run those, and failing them
 * would keep every ordinary image unready forever, so a program, file or expansion the model cannot know behaves
 * as it would in a healthy image (it succeeds); what the model does know keeps its real result.
 */
final class ExecShell {

    /** A redirection word: {@code >}, {@code 2>>}, {@code <}, {@code 2>&1}, {@code >/dev/null}; group 1 is its target. */
    private static final Pattern REDIRECTION = Pattern.compile("\\d*(?:>>?|<)&?(.*)");

    /** Who runs the commands, which decides what a command or file the model does not know does. */
    enum Mode {
        /** kubectl exec: unknown programs are not found, unknown files are missing. */
        SESSION,
        /** Exec probes and lifecycle hooks: unknown programs and files behave as in a healthy image. */
        PROBE
    }

    /**
     * What one command wrote and how it ended; {@code exit} is set when the session must end. {@code took} is how
     * long it would have run ({@code sleep}s), null for ever ({@code sleep infinity}); a probe that takes longer than
     * its timeout fails. {@code pid1} is what a probe or hook wrote into the container's main process's output
     * ({@code > /proc/1/fd/1}), which is the container's log, each line at its offset from the command's start.
     */
    record Result(
            String stdout, String stderr, int status, boolean exit, Duration took, List<CommandModel.TimedLine> pid1) {
        Result(String stdout, String stderr, int status, boolean exit, Duration took) {
            this(stdout, stderr, status, exit, took, List.of());
        }

        Result(String stdout, String stderr, int status, boolean exit) {
            this(stdout, stderr, status, exit, Duration.ZERO);
        }
    }

    /**
     * Where a hook's output reaches the container's log: the streams of its main process, as in
     * {@code echo draining > /proc/1/fd/1}.
     */
    private static final Set<String> MAIN_PROCESS_STREAMS = Set.of("/proc/1/fd/1", "/proc/1/fd/2");

    private final Map<String, String> env;
    private final String hostname;
    private final ContainerFiles files;
    private final Mode mode;

    private ExecShell(Map<String, String> env, String hostname, ContainerFiles files, Mode mode) {
        this.env = env;
        this.hostname = hostname;
        this.files = files;
        this.mode = mode;
    }

    /** A session shell over an environment, host name and files a simulated runtime outside this package holds. */
    static ExecShell session(Map<String, String> env, String hostname, ContainerFiles files) {
        return new ExecShell(env, hostname, files, Mode.SESSION);
    }

    /** A probe and hook shell over what a simulated runtime outside this package holds. */
    static ExecShell probes(Map<String, String> env, String hostname, ContainerFiles files) {
        return new ExecShell(env, hostname, files, Mode.PROBE);
    }

    /** A session shell over the container's environment, host name and config files as the request declared. */
    static ExecShell of(SimGroup g, SimContainer c) {
        return of(g, c, Mode.SESSION);
    }

    /** A shell for the container's exec probes and lifecycle hooks. */
    static ExecShell forProbes(SimGroup g, SimContainer c) {
        return of(g, c, Mode.PROBE);
    }

    private static ExecShell of(SimGroup g, SimContainer c, Mode mode) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        String hostname = g.spec.str("HostName") == null ? g.name : g.spec.str("HostName");
        env.put("HOSTNAME", hostname);
        for (FlatParams.Node e : c.spec.nodes("EnvironmentVar")) {
            FlatParams.Node ref = e.child("FieldRef");
            String value = ref != null && "status.podIP".equals(ref.str("FieldPath")) ? g.intranetIp : e.str("Value");
            env.put(e.str("Key"), value == null ? "" : value);
        }
        return new ExecShell(env, hostname, ContainerFiles.of(g, c), mode);
    }

    static boolean isShell(List<String> argv) {
        return !argv.isEmpty()
                && List.of("sh", "bash", "ash", "dash", "zsh").contains(CommandModel.basename(argv.get(0)));
    }

    /** Runs an argv as exec does: a shell with -c runs its script, anything else is one command. */
    Result run(List<String> argv) {
        String script = CommandModel.shellScript(argv);
        return script != null ? script(script) : command(argv);
    }

    /** The exit status of a probe or hook command (0 = it passes). */
    int status(List<String> argv) {
        return run(argv).status();
    }

    /** Runs a line of shell statements. */
    Result script(String script) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        List<CommandModel.TimedLine> pid1 = new ArrayList<>();
        int status = 0;
        Duration took = Duration.ZERO;
        String pending = ";";
        for (String[] piece : CommandModel.splitStatements(script)) {
            String op = pending;
            pending = piece[1];
            if (("&&".equals(op) && status != 0) || ("||".equals(op) && status == 0)) {
                continue;
            }
            List<String> words = CommandModel.words(piece[0]);
            if (words.isEmpty()) {
                continue;
            }
            Result r = mode == Mode.PROBE ? probeStatement(words) : command(words);
            out.append(r.stdout());
            err.append(r.stderr());
            Duration at = took;
            r.pid1().forEach(l -> pid1.add(new CommandModel.TimedLine(at, l.text())));
            status = r.status();
            took = took == null || r.took() == null ? null : took.plus(r.took());
            if (r.exit() || took == null) {
                return new Result(out.toString(), err.toString(), status, r.exit(), took, pid1);
            }
        }
        return new Result(out.toString(), err.toString(), status, false, took, pid1);
    }

    /**
     * A statement of a probe's script: pipes and command substitutions are beyond the model, so a statement using
     * them succeeds (its programs are the image's). Redirections are dropped, except into the main process's output
     * ({@code > /proc/1/fd/1}, {@code 2> /proc/1/fd/2}), where what the statement writes joins the container's log.
     */
    private Result probeStatement(List<String> words) {
        List<String> plain = new ArrayList<>();
        boolean stdoutToLog = false;
        boolean stderrToLog = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("|") || w.contains("$(") || w.contains("`")) {
                return ok("");
            }
            Matcher redirection = REDIRECTION.matcher(w);
            if (redirection.matches()) {
                String target = redirection.group(1);
                if (target.isEmpty() && i + 1 < words.size()) {
                    target = words.get(++i); // the target is the next word
                }
                if (MAIN_PROCESS_STREAMS.contains(target)) {
                    boolean stderr = w.startsWith("2");
                    stdoutToLog |= !stderr;
                    stderrToLog |= stderr;
                }
                continue;
            }
            plain.add(w);
        }
        Result r = command(plain);
        if (!stdoutToLog && !stderrToLog) {
            return r;
        }
        List<CommandModel.TimedLine> log = new ArrayList<>();
        String written = (stdoutToLog ? r.stdout() : "") + (stderrToLog ? r.stderr() : "");
        written.lines().forEach(line -> log.add(new CommandModel.TimedLine(Duration.ZERO, line)));
        return new Result(
                stdoutToLog ? "" : r.stdout(), stderrToLog ? "" : r.stderr(), r.status(), r.exit(), r.took(), log);
    }

    Result command(List<String> argv) {
        if (argv.isEmpty()) {
            return new Result("", "", 0, false);
        }
        String cmd = CommandModel.basename(argv.get(0));
        List<String> args = argv.subList(1, argv.size());
        switch (cmd) {
            case "exec" -> {
                return command(args);
            }
            case "test" -> {
                return test(args);
            }
            case "[" -> {
                if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
                    return new Result("", "sh: [: missing ]\n", 2, false);
                }
                return test(args.subList(0, args.size() - 1));
            }
            case "echo" -> {
                List<String> words = new ArrayList<>(args);
                boolean newline = true;
                if (!words.isEmpty() && words.get(0).equals("-n")) {
                    words.remove(0);
                    newline = false;
                }
                return ok(expand(String.join(" ", words)) + (newline ? "\n" : ""));
            }
            case "env", "printenv" -> {
                if (cmd.equals("printenv") && !args.isEmpty()) {
                    String v = env.get(args.get(0));
                    return v == null ? new Result("", "", 1, false) : ok(v + "\n");
                }
                StringBuilder sb = new StringBuilder();
                env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                return ok(sb.toString());
            }
            case "hostname" -> {
                return ok(hostname + "\n");
            }
            case "ls" -> {
                return ls(args.isEmpty() ? "/" : args.get(args.size() - 1));
            }
            case "cat" -> {
                StringBuilder sb = new StringBuilder();
                for (String arg : args) {
                    String path = expand(arg);
                    byte[] content = files.content(path);
                    if (content == null && assumedPresent(path)) {
                        continue;
                    }
                    if (content == null) {
                        return new Result(sb.toString(), "cat: " + path + ": No such file or directory\n", 1, false);
                    }
                    sb.append(new String(content, StandardCharsets.UTF_8));
                }
                return ok(sb.toString());
            }
            case "true", ":" -> {
                return ok("");
            }
            case "sleep" -> {
                return new Result("", "", 0, false, CommandModel.sleepTime(args.isEmpty() ? "" : args.get(0)));
            }
            case "false" -> {
                return new Result("", "", 1, false);
            }
            case "exit" -> {
                int code = 0;
                if (!args.isEmpty()) {
                    try {
                        code = Integer.parseInt(args.get(0)) & 0xff;
                    } catch (NumberFormatException e) {
                        code = 2;
                    }
                }
                return new Result("", "", code, true);
            }
            default -> {
                return mode == Mode.PROBE ? ok("") : new Result("", "sh: " + cmd + ": not found\n", 127, false);
            }
        }
    }

    /** {@code test}: file tests on the paths the model knows, string tests; anything else per the mode. */
    private Result test(List<String> args) {
        if (!args.isEmpty() && args.get(0).equals("!")) {
            Result inner = test(args.subList(1, args.size()));
            return inner.status() > 1 ? inner : new Result("", "", 1 - inner.status(), false);
        }
        Boolean outcome = switch (args.size()) {
            case 0 -> false;
            case 1 -> !expand(args.get(0)).isEmpty();
            case 2 -> unaryTest(args.get(0), expand(args.get(1)));
            case 3 ->
                switch (args.get(1)) {
                    case "=", "==" -> expand(args.get(0)).equals(expand(args.get(2)));
                    case "!=" -> !expand(args.get(0)).equals(expand(args.get(2)));
                    default -> null;
                };
            default -> null;
        };
        if (outcome == null) {
            return mode == Mode.PROBE
                    ? ok("")
                    : new Result("", "sh: test: unsupported expression: " + String.join(" ", args) + "\n", 2, false);
        }
        return new Result("", "", outcome ? 0 : 1, false);
    }

    private Boolean unaryTest(String operator, String operand) {
        switch (operator) {
            case "-z" -> {
                return operand.isEmpty();
            }
            case "-n" -> {
                return !operand.isEmpty();
            }
            case "-e", "-f", "-d", "-s", "-r" -> {
                if (assumedPresent(operand)) {
                    return true;
                }
                byte[] file = files.content(operand);
                return switch (operator) {
                    case "-f" -> file != null;
                    case "-d" -> files.isDirectory(operand);
                    case "-s" -> file != null && file.length > 0;
                    default -> file != null || files.isDirectory(operand);
                };
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Whether a probe may take {@code path} as present: the model knows only the config files it mounted and the
     * directories they fill, so any other path is the image's own and is there in a healthy image.
     */
    private boolean assumedPresent(String path) {
        return mode == Mode.PROBE && !files.knows(path);
    }

    private String expand(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '$' && i + 1 < text.length()) {
                int j = i + 1;
                boolean braced = text.charAt(j) == '{';
                if (braced) {
                    j++;
                }
                int start = j;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                if (j > start) {
                    sb.append(env.getOrDefault(text.substring(start, j), ""));
                    if (braced && j < text.length() && text.charAt(j) == '}') {
                        j++;
                    }
                    i = j - 1;
                    continue;
                }
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    private Result ls(String path) {
        String dir = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> names = files.list(dir);
        if (names.isEmpty() && assumedPresent(dir)) {
            return ok("");
        }
        if (names.isEmpty()) {
            return new Result("", "ls: " + path + ": No such file or directory\n", 2, false);
        }
        return ok(String.join("\n", names) + "\n");
    }

    private static Result ok(String stdout) {
        return new Result(stdout, "", 0, false);
    }
}
