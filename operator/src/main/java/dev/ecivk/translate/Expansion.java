package dev.ecivk.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion, as the kubelet applies it to env values, command, args and subPathExpr:
 * {@code $$} escapes, an unknown or unresolvable reference stays as written.
 */
final class Expansion {

    private Expansion() {}

    /** {@code lookup} returns null for a name it cannot resolve. */
    static String expand(String input, Function<String, String> lookup) {
        if (input == null || input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 >= input.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append("$(");
                    i += 2;
                } else {
                    String name = input.substring(i + 2, close);
                    String value = lookup.apply(name);
                    out.append(value != null ? value : "$(" + name + ")");
                    i = close + 1;
                }
            } else {
                out.append('$').append(next);
                i += 2;
            }
        }
        return out.toString();
    }

    /** The names of the {@code $(VAR)} references in {@code input} (escaped {@code $$} excluded). */
    static List<String> references(String input) {
        List<String> names = new ArrayList<>();
        expand(input, name -> {
            names.add(name);
            return "";
        });
        return names;
    }
}
