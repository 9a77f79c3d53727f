package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * ECI keeps Kubernetes' split (Command = entrypoint, Arg = arguments) but caps it: Command at 20 items of 256
 * characters, Arg at 10 items. {@code $(VAR)} references are expanded here, because ECI does not expand them.
 */
record CommandLine(List<String> command, List<String> args) {

    static CommandLine of(Container c, String label, ContainerEnv env, Findings findings) {
        Set<String> unresolved = new TreeSet<>();
        List<String> command = expand(c.getCommand(), env, unresolved);
        List<String> args = expand(c.getArgs(), env, unresolved);
        if (!unresolved.isEmpty()) {
            findings.warn(
                    WarningReason.RuntimeVariableNotExpanded,
                    label + ": command/args refer to " + unresolved
                            + ", which ECI sets only at run time; the references are passed unexpanded"
                            + " (use a shell, e.g. sh -c '... $VAR ...', to read them)");
        }
        if (args.size() > EciLimits.MAX_ARGS) {
            boolean canFold = !command.isEmpty()
                    && command.size() + args.size() <= EciLimits.MAX_COMMAND_ITEMS
                    && args.stream().allMatch(a -> a.length() <= EciLimits.MAX_COMMAND_ITEM_LENGTH);
            if (canFold) {
                findings.warn(
                        WarningReason.ArgsFoldedIntoCommand,
                        label + ": args has " + args.size() + " items, more than ECI's " + EciLimits.MAX_ARGS
                                + "; they were appended to command, which runs the same process");
                List<String> folded = new ArrayList<>(command);
                folded.addAll(args);
                command = folded;
                args = List.of();
            } else {
                findings.problem(label + ": args has " + args.size() + " items, ECI allows at most "
                        + EciLimits.MAX_ARGS
                        + (command.isEmpty()
                                ? " (set command to the image's entrypoint so the arguments can be passed as command items)"
                                : ""));
            }
        }
        if (command.size() > EciLimits.MAX_COMMAND_ITEMS) {
            findings.problem(label + ": command has " + command.size() + " items, ECI allows at most "
                    + EciLimits.MAX_COMMAND_ITEMS);
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).length() > EciLimits.MAX_COMMAND_ITEM_LENGTH) {
                findings.problem(label + ": command item " + (i + 1) + " has "
                        + command.get(i).length() + " characters, ECI allows at most "
                        + EciLimits.MAX_COMMAND_ITEM_LENGTH);
            }
        }
        return new CommandLine(command, args);
    }

    private static List<String> expand(List<String> items, ContainerEnv env, Set<String> unresolved) {
        List<String> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (String item : items) {
            for (String ref : Expansion.references(item)) {
                if (env.runtimeNames().contains(ref)) {
                    unresolved.add(ref);
                }
            }
            out.add(Expansion.expand(item, env::lookup));
        }
        return out;
    }
}
