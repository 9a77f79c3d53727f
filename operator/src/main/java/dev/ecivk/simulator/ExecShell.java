package dev.ecivk.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The commands an exec session understands, run against a snapshot of the container: {@code echo}, {@code env},
 * {@code hostname}, {@code ls}, {@code cat} (of config-file volume files at their mount paths), {@code true},
 * {@code false}, {@code sleep}, {@code exit N} and {@code sh -c "a; b"}. Anything else exits 127.
 */
final class ExecShell {

    /** What one command wrote and how it ended; {@code exit} is set when the session must end. */
    record Result(String stdout, String stderr, int status, boolean exit) {}

    private final Map<String, String> env;
    private final String hostname;
    /** Absolute file path to content. */
    private final Map<String, byte[]> files;

    ExecShell(Map<String, String> env, String hostname, Map<String, byte[]> files) {
        this.env = env;
        this.hostname = hostname;
        this.files = files;
    }

    /** A shell over the container's environment, host name and config files as the group's request declared. */
    static ExecShell of(SimGroup g, SimContainer c) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        String hostname = g.spec.str("HostName") == null ? g.name : g.spec.str("HostName");
        env.put("HOSTNAME", hostname);
        for (FlatParams.Node e : c.spec.nodes("EnvironmentVar")) {
            FlatParams.Node ref = e.child("FieldRef");
            String value = ref != null && "status.podIP".equals(ref.str("FieldPath")) ? g.intranetIp : e.str("Value");
            env.put(e.str("Key"), value == null ? "" : value);
        }
        Map<String, FlatParams.Node> volumes = new LinkedHashMap<>();
        for (FlatParams.Node v : g.spec.nodes("Volume")) {
            volumes.put(v.str("Name"), v);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (FlatParams.Node m : c.spec.nodes("VolumeMount")) {
            FlatParams.Node v = volumes.get(m.str("Name"));
            FlatParams.Node cfg = v == null ? null : v.child("ConfigFileVolume");
            if (cfg == null) {
                continue;
            }
            String mountPath = trimSlash(m.str("MountPath"));
            String subPath = m.str("SubPath");
            for (FlatParams.Node f : cfg.nodes("ConfigFileToPath")) {
                String path = f.str("Path");
                byte[] content = decode(f.str("Content"));
                if (subPath != null && !subPath.isEmpty()) {
                    if (relative(subPath).equals(relative(path))) {
                        files.put(mountPath, content);
                    }
                } else {
                    files.put(mountPath + "/" + relative(path), content);
                }
            }
        }
        return new ExecShell(env, hostname, files);
    }

    private static byte[] decode(String content) {
        if (content == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            return content.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A relative path: no leading or trailing slashes. */
    private static String relative(String p) {
        String s = trimSlash(p);
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    /** A path without trailing slashes (the root stays "/"). */
    private static String trimSlash(String p) {
        String s = p == null ? "" : p;
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static boolean isShell(List<String> argv) {
        return !argv.isEmpty()
                && List.of("sh", "bash", "ash", "dash", "zsh").contains(CommandModel.basename(argv.get(0)));
    }

    /** Runs an argv as exec does: a shell with -c runs its script, anything else is one command. */
    Result run(List<String> argv) {
        if (isShell(argv) && argv.size() >= 3 && argv.get(1).equals("-c")) {
            return script(argv.get(2));
        }
        return command(argv);
    }

    /** Runs a line of shell statements. */
    Result script(String script) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int status = 0;
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
            Result r = command(words);
            out.append(r.stdout());
            err.append(r.stderr());
            status = r.status();
            if (r.exit()) {
                return new Result(out.toString(), err.toString(), status, true);
            }
        }
        return new Result(out.toString(), err.toString(), status, false);
    }

    Result command(List<String> argv) {
        if (argv.isEmpty()) {
            return new Result("", "", 0, false);
        }
        String cmd = CommandModel.basename(argv.get(0));
        List<String> args = argv.subList(1, argv.size());
        switch (cmd) {
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
                for (String path : args) {
                    byte[] content = files.get(path);
                    if (content == null) {
                        return new Result(sb.toString(), "cat: " + path + ": No such file or directory\n", 1, false);
                    }
                    sb.append(new String(content, StandardCharsets.UTF_8));
                }
                return ok(sb.toString());
            }
            case "true", ":", "sleep" -> {
                return ok("");
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
                return new Result("", "sh: " + cmd + ": not found\n", 127, false);
            }
        }
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
        if (files.containsKey(dir)) {
            return ok(dir + "\n");
        }
        TreeSet<String> names = new TreeSet<>();
        String prefix = dir.equals("/") ? "/" : dir + "/";
        for (String file : files.keySet()) {
            if (file.startsWith(prefix)) {
                String rest = file.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        if (dir.equals("/")) {
            names.addAll(List.of("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"));
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
