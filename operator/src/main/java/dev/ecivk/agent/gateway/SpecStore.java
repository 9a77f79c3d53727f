package dev.ecivk.agent.gateway;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the gateway keeps each Pod's spec until its agent fetches it. A VM can take minutes to boot; a controller
 * restarted meanwhile must still hand the agent its spec, so production keeps them in Secrets (the spec carries the
 * Pod's Secrets); tests may keep them in memory.
 */
public interface SpecStore {

    void put(String podUid, ContainerGroupSpec spec) throws IOException;

    Optional<ContainerGroupSpec> get(String podUid) throws IOException;

    void remove(String podUid) throws IOException;

    /** A store that forgets everything with the process. */
    static SpecStore inMemory() {
        Map<String, ContainerGroupSpec> specs = new ConcurrentHashMap<>();
        return new SpecStore() {
            @Override
            public void put(String podUid, ContainerGroupSpec spec) {
                specs.put(podUid, spec);
            }

            @Override
            public Optional<ContainerGroupSpec> get(String podUid) {
                return Optional.ofNullable(specs.get(podUid));
            }

            @Override
            public void remove(String podUid) {
                specs.remove(podUid);
            }
        };
    }
}
