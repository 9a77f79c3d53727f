package dev.ecivk.provider.vm;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which instance types to try for a Pod, best first. Pure. Without an override: every type of the zone's catalogue
 * that fits the Pod's cpu, memory and GPUs, cheapest first (smallest first where the catalogue has no price), GPU
 * types only for Pods that ask for GPUs. With an override (the Pod's instance-type list, e.g.
 * {@code ecs.c6.large,ecs.c7.large} or {@code 2-4Gi}): the named types in the user's order, each {@code <cpu>-<mem>Gi}
 * entry expanded to the cheapest types of that size; types the zone does not sell are skipped.
 */
public final class InstanceTypeChooser {
    private static final Pattern CPU_MEM = Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)Gi");
    private static final double EPSILON = 1e-9;

    /** What one Pod needs. */
    public record Need(double cpu, double memoryGiB, int gpu, List<String> requested) {
        public Need {
            requested = List.copyOf(requested);
        }

        /** The need of a translated Pod: its group size, the sum of its containers' GPUs, its instance-type list. */
        public static Need of(ContainerGroupSpec spec) {
            int gpu = spec.containers().stream()
                    .map(ContainerSpec::gpu)
                    .filter(Objects::nonNull)
                    .mapToInt(Integer::intValue)
                    .sum();
            List<String> requested = new ArrayList<>();
            if (spec.instanceType() != null) {
                for (String entry : spec.instanceType().split(",")) {
                    if (!entry.isBlank()) {
                        requested.add(entry.trim());
                    }
                }
            }
            return new Need(
                    spec.cpu() == null ? 0 : spec.cpu(), spec.memory() == null ? 0 : spec.memory(), gpu, requested);
        }
    }

    private final int maxCandidates;

    /** @param maxCandidates how many types one launch may fall back through */
    public InstanceTypeChooser(int maxCandidates) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be at least 1");
        }
        this.maxCandidates = maxCandidates;
    }

    /**
     * The types to try, best first; never empty.
     *
     * @throws ProviderException {@link FailureClass#PERMANENT} {@code InvalidInstanceType.NotFound} when an
     *     override names nothing the zone sells, or {@code NoInstanceTypeFits} when no type is large enough
     */
    public List<String> choose(Need need, List<InstanceTypeOffer> catalogue, String zoneId) throws ProviderException {
        if (!need.requested().isEmpty()) {
            return fromOverride(need, catalogue, zoneId);
        }
        List<String> fitting = fitting(catalogue, need.cpu(), need.memoryGiB(), need.gpu());
        if (fitting.isEmpty()) {
            throw new ProviderException(
                    FailureClass.PERMANENT,
                    "NoInstanceTypeFits",
                    "ChooseInstanceType",
                    "no instance type in zone " + zoneId + " has " + fmt(need.cpu()) + " vCPU, " + fmt(need.memoryGiB())
                            + " GiB and " + need.gpu() + " GPUs");
        }
        return fitting.subList(0, Math.min(maxCandidates, fitting.size()));
    }

    private List<String> fromOverride(Need need, List<InstanceTypeOffer> catalogue, String zoneId)
            throws ProviderException {
        Map<String, InstanceTypeOffer> byId =
                catalogue.stream().collect(Collectors.toMap(InstanceTypeOffer::id, Function.identity(), (a, b) -> a));
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String entry : need.requested()) {
            Matcher size = CPU_MEM.matcher(entry);
            if (size.matches()) {
                List<String> sized = fitting(
                        catalogue, Double.parseDouble(size.group(1)), Double.parseDouble(size.group(2)), need.gpu());
                sized.stream().limit(maxCandidates).forEach(chosen::add);
            } else if (byId.containsKey(entry)) {
                chosen.add(entry);
            } else {
                unknown.add(entry);
            }
        }
        if (chosen.isEmpty()) {
            throw new ProviderException(
                    FailureClass.PERMANENT,
                    "InvalidInstanceType.NotFound",
                    "ChooseInstanceType",
                    "zone " + zoneId + " sells none of the requested instance types " + need.requested()
                            + (unknown.isEmpty() ? "" : " (unknown: " + unknown + ")"));
        }
        return List.copyOf(chosen);
    }

    /** The fitting types, cheapest first; GPU types only when GPUs are asked for. */
    static List<String> fitting(List<InstanceTypeOffer> catalogue, double cpu, double memoryGiB, int gpu) {
        return catalogue.stream()
                .filter(o -> o.cpu() + EPSILON >= cpu && o.memoryGiB() + EPSILON >= memoryGiB)
                .filter(o -> gpu > 0 ? o.gpu() >= gpu : o.gpu() == 0)
                .sorted(BEST_FIRST)
                .map(InstanceTypeOffer::id)
                .toList();
    }

    /** Priced before unpriced, then by price, size and name, so the choice is stable. */
    static final Comparator<InstanceTypeOffer> BEST_FIRST = Comparator.comparing(
                    (InstanceTypeOffer o) -> o.pricePerHour() == null)
            .thenComparing(o -> o.pricePerHour() == null ? 0.0 : o.pricePerHour())
            .thenComparingDouble(InstanceTypeOffer::cpu)
            .thenComparingDouble(InstanceTypeOffer::memoryGiB)
            .thenComparingInt(InstanceTypeOffer::gpu)
            .thenComparing(InstanceTypeOffer::id);

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
