package dev.ecivk.agent.runtime.docker;

import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An image reference split as Docker reads it: the registry host (which decides the credentials), the repository
 * and the tag or digest. {@code nginx} is {@code docker.io/library/nginx:latest}.
 *
 * @param registry the registry host, {@code docker.io} for Docker Hub
 * @param repository what the pull names, without tag or digest
 * @param tag the tag, or the digest ({@code sha256:...}) when {@link #digest} is set
 */
public record ImageReference(String registry, String repository, String tag, boolean digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

    public static ImageReference parse(String image) {
        String rest = image.trim();
        String digestPart = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digestPart = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tagPart = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tagPart = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
            }
        }
        if (digestPart != null) {
            return new ImageReference(registry, rest, digestPart, true);
        }
        return new ImageReference(registry, rest, tagPart == null ? "latest" : tagPart, false);
    }

    /**
     * The pull policy in force: the container's, else the kubelet's default (Always for {@code :latest} or no tag,
     * IfNotPresent otherwise).
     */
    public static String effectivePullPolicy(String image, String policy) {
        if (policy != null && !policy.isBlank()) {
            return policy;
        }
        ImageReference ref = parse(image);
        return !ref.digest() && ref.tag().equals("latest") ? "Always" : "IfNotPresent";
    }

    /** The credential whose server names this image's registry, if any. */
    public RegistryCredential credentialFrom(List<RegistryCredential> credentials) {
        String mine = normalise(registry);
        for (RegistryCredential c : credentials) {
            if (c.server() != null && normalise(c.server()).equals(mine)) {
                return c;
            }
        }
        return null;
    }

    /** A server as users write it ({@code https://index.docker.io/v1/}, {@code Registry.example.com:5000/}). */
    static String normalise(String server) {
        String s = server.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return DOCKER_HUB_ALIASES.contains(s) ? DOCKER_HUB : s;
    }
}
