package dev.ecivk.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container "does" in the embedded ECI, read from its command and args: {@code sleep N}, {@code exit N},
 * {@code echo ...}, {@code true}, {@code false} and {@code sh -c "...; ...; exit N"} scripts made of those give a
 * finite run with that exit code and those log lines; anything else runs until the group is deleted. A script's
 * {@code trap '...' TERM} is remembered as its SIGTERM handler.
 */
final class CommandModel {

    /** A log line {@code offset} after the start. */
    record TimedLine(Duration offset, String text) {}

    /**
     * The outcome of one run.
     *
     * @param runtime how long it runs; null = until stopped
     * @param exitCode exit code when it ends by itself
     * @param onTerm the script's SIGTERM handler ({@code trap '<handler>' TERM}): null without one, empty when the
     *     script ignores the signal ({@code trap '' TERM})
     */
    record Behaviour(Duration runtime, int exitCode, List<TimedLine> lines, String onTerm) {
        Behaviour(Duration runtime, int exitCode, List<TimedLine> lines) {
            this(runtime, exitCode, lines, null);
        }

        boolean finite() {
            return runtime != null;
        }
    }

    /**
     * What a SIGTERM handler does when the signal arrives.
     *
     * @param run its lines and how long it takes, from the signal on
     * @param exits the handler ends the process ({@code exit N}); otherwise the script carries on where it was
     */
    record Handler(Behaviour run, boolean exits) {}

    /** The signal names a {@code trap} may give SIGTERM by. */
    private static final List<String> SIGTERM_NAMES = List.of("TERM", "SIGTERM", "15");

    private static final List<String> SHELLS = List.of("sh", "bash", "ash", "dash", "zsh");

    private CommandModel() {}

    static Behaviour of(List<String> commands, List<String> args) {
        List<String> argv = new ArrayList<>(commands);
        argv.addAll(args);
        if (argv.isEmpty()) {
            return new Behaviour(null, 0, List.of());
        }
        String exe = basename(argv.get(0));
        if (SHELLS.contains(exe)) {
            String script = shellScript(argv);
            return script != null ? script(script) : new Behaviour(null, 0, List.of());
        }
        List<String> statement = new ArrayList<>(argv);
        statement.set(0, exe);
        State state = new State();
        state.run(statement);
        return state.result();
    }

    /**
     * The script of a shell started with {@code -c} ({@code sh -c S}, {@code sh -ec S}, {@code sh -c -e S},
     * {@code bash -o pipefail -c S}); null for anything else (a script file, an interactive shell).
     */
    static String shellScript(List<String> argv) {
        if (argv.isEmpty() || !SHELLS.contains(basename(argv.get(0)))) {
            return null;
        }
        boolean command = false;
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("-o") || arg.equals("+o")) {
                i++; // takes the option name as its argument
            } else if (arg.length() > 1 && (arg.startsWith("-") || arg.startsWith("+"))) {
                command |= arg.startsWith("-") && arg.indexOf('c') > 0;
            } else {
                return command ? arg : null;
            }
        }
        return null;
    }

    /** Runs a shell script of simple statements separated by {@code ;}, {@code &&}, {@code ||} or new lines. */
    static Behaviour script(String script) {
        return run(script).result();
    }

    /** What a trap's handler does: its statements run as a script from the moment the signal arrives. */
    static Handler handler(String action) {
        State state = run(action);
        return new Handler(state.result(), state.exited);
    }

    private static State run(String script) {
        State state = new State();
        String pendingOperator = ";";
        for (String[] piece : splitStatements(script)) {
            String operator = pendingOperator;
            pendingOperator = piece[1];
            boolean skip = ("&&".equals(operator) && state.status != 0) || ("||".equals(operator) && state.status == 0);
            if (skip) {
                continue;
            }
            List<String> words = words(piece[0]);
            if (words.isEmpty()) {
                continue;
            }
            words.set(0, basename(words.get(0)));
            if (!state.run(words)) {
                break;
            }
        }
        return state;
    }

    private static final class State {
        Duration elapsed = Duration.ZERO;
        int status;
        boolean forever;
        boolean exited;
        String onTerm;
        final List<TimedLine> lines = new ArrayList<>();

        /** Runs one statement; false when the run ends (exit) or never ends. */
        boolean run(List<String> words) {
            String cmd = words.get(0);
            List<String> rest = words.subList(1, words.size());
            switch (cmd) {
                case "sleep" -> {
                    Duration d = sleepTime(rest.isEmpty() ? "" : rest.get(0));
                    if (d == null) {
                        forever = true;
                        return false;
                    }
                    elapsed = elapsed.plus(d);
                    status = 0;
                }
                case "echo" -> {
                    List<String> text = new ArrayList<>(rest);
                    if (!text.isEmpty() && text.get(0).equals("-n")) {
                        text.remove(0);
                    }
                    lines.add(new TimedLine(elapsed, String.join(" ", text)));
                    status = 0;
                }
                case "exit" -> {
                    status = rest.isEmpty() ? status : parseExit(rest.get(0));
                    exited = true;
                    return false;
                }
                case "trap" -> {
                    trap(rest);
                    status = 0;
                }
                case "exec" -> {
                    // the program replaces the shell: its end is the end of the run, and it keeps an ignored
                    // signal ignored but not the shell's handler
                    if (onTerm != null && !onTerm.isEmpty()) {
                        onTerm = null;
                    }
                    List<String> program = new ArrayList<>(rest);
                    if (!program.isEmpty()) {
                        program.set(0, basename(program.get(0)));
                        run(program);
                    }
                    return false;
                }
                case "true", ":" -> status = 0;
                case "false" -> status = 1;
                default -> {
                    forever = true;
                    return false;
                }
            }
            return true;
        }

        /** {@code trap ACTION SIGNAL...}: ACTION {@code -} restores the default, an empty one ignores the signal. */
        private void trap(List<String> args) {
            List<String> rest = !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
            if (rest.size() < 2) {
                return;
            }
            String action = rest.get(0);
            if (rest.subList(1, rest.size()).stream().anyMatch(SIGTERM_NAMES::contains)) {
                onTerm = action.equals("-") ? null : action;
            }
        }

        Behaviour result() {
            if (forever) {
                return new Behaviour(null, 0, List.copyOf(lines), onTerm);
            }
            return new Behaviour(elapsed, status, List.copyOf(lines), onTerm);
        }
    }

    private static int parseExit(String s) {
        try {
            return Integer.parseInt(s.trim()) & 0xff;
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    /** A sleep argument: 5, 0.5, 2s, 3m, 1h; null for infinity or anything unreadable. */
    static Duration sleepTime(String s) {
        String v = s.trim();
        long unit = 1000;
        if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unit = 3_600_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            double n = Double.parseDouble(v);
            if (n < 0 || Double.isInfinite(n) || Double.isNaN(n)) {
                return null;
            }
            return Duration.ofMillis(Math.round(n * unit));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** Splits a script at top-level separators; each element is {statement, the separator after it}. */
    static List<String[]> splitStatements(String script) {
        List<String[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
                cur.append(ch);
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                cur.append(ch);
            } else if (ch == ';' || ch == '\n') {
                out.add(new String[] {cur.toString(), ";"});
                cur.setLength(0);
            } else if ((ch == '&' || ch == '|') && i + 1 < script.length() && script.charAt(i + 1) == ch) {
                out.add(new String[] {cur.toString(), ch == '&' ? "&&" : "||"});
                cur.setLength(0);
                i++;
            } else {
                cur.append(ch);
            }
        }
        out.add(new String[] {cur.toString(), ";"});
        return out;
    }

    /** Shell word splitting with single and double quotes (no expansion). */
    static List<String> words(String statement) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < statement.length(); i++) {
            char ch = statement.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (ch == '\\' && i + 1 < statement.length()) {
                cur.append(statement.charAt(++i));
                inWord = true;
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
