package dev.ecivk.translate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints how long one translation takes for every golden Pod (a program, not a test): run from the operator module
 * with the test classpath, {@code java -cp target/test-classes:target/classes:<deps> dev.ecivk.translate.PodTranslatorBenchmark}.
 */
public final class PodTranslatorBenchmark {

    private PodTranslatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<GoldenFiles.Input> inputs = new ArrayList<>();
        for (Path yaml : GoldenFiles.inputs()) {
            inputs.add(GoldenFiles.read(yaml));
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long sink = 0;
        for (int warm = 0; warm < rounds / 4; warm++) {
            for (GoldenFiles.Input in : inputs) {
                sink += PodTranslator.translate(in.pod(), in.refs(), GoldenFiles.CONTEXT)
                        .problems()
                        .size();
            }
        }
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (GoldenFiles.Input in : inputs) {
                sink += PodTranslator.translate(in.pod(), in.refs(), GoldenFiles.CONTEXT)
                        .problems()
                        .size();
            }
        }
        long elapsed = System.nanoTime() - start;
        long translations = (long) rounds * inputs.size();
        System.out.printf(
                "%d translations of %d golden Pods: %.1f µs per Pod, %.0f Pods/s on one thread (checksum %d)%n",
                translations, inputs.size(), elapsed / 1000.0 / translations, translations * 1e9 / elapsed, sink);
    }
}
