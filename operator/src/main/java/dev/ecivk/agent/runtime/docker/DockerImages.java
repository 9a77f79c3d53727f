package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ContainerSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Image pulls on the VM's Docker Engine: the pull policy, the registry credential, Docker's error as the reason. */
final class DockerImages {
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);

    private final DockerClient docker;

    DockerImages(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * Pulls the container's image as its pull policy says, with the registry credential that matches it; true when
     * it pulled, false when the image was present and the policy let it be used.
     */
    boolean pull(ContainerSpec container, List<RegistryCredential> credentials) throws RuntimeFailure {
        String image = container.image();
        String policy = ImageReference.effectivePullPolicy(image, container.imagePullPolicy());
        boolean present = present(image);
        if ("Never".equals(policy)) {
            if (!present) {
                throw new RuntimeFailure(
                        "ErrImageNeverPull",
                        "Container image \"" + image + "\" is not present with pull policy of Never");
            }
            return false;
        }
        if (present && "IfNotPresent".equals(policy)) {
            return false;
        }
        ImageReference ref = ImageReference.parse(image);
        RegistryCredential credential = ref.credentialFrom(credentials);
        var pull = docker.pullImageCmd(ref.repository()).withTag(ref.tag());
        if (credential != null) {
            pull.withAuthConfig(new AuthConfig()
                    .withRegistryAddress(credential.server())
                    .withUsername(credential.userName())
                    .withPassword(credential.password()));
        }
        try {
            if (!pull.start().awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new RuntimeFailure("ErrImagePull", "pulling \"" + image + "\" took over " + PULL_TIMEOUT);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("ErrImagePull", "interrupted while pulling \"" + image + "\"");
        } catch (RuntimeException e) {
            // Docker's pull errors name the image and registry, never the credential sent with them.
            throw new RuntimeFailure("ErrImagePull", DockerRuntime.firstLine(e.getMessage()), e);
        }
    }

    private boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
