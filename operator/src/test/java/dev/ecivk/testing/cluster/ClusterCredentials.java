package dev.ecivk.testing.cluster;

import dev.ecivk.kubeletapi.TestCertificates;
import java.io.IOException;

/**
 * The cluster's certificate authorities: the one {@code kube-root-ca.crt} publishes, the platform's service CA
 * (OpenShift's {@code openshift-service-ca.crt}), and the kubelet client CA with the certificate the apiserver
 * presents to kubelets ({@code CN=kube-apiserver-kubelet-client, O=system:masters}).
 */
final class ClusterCredentials {
    private final String clusterCaPem;
    private final String serviceCaPem;
    private final TestCertificates.Issued kubeletClientCa;
    private final TestCertificates.Issued kubeletClient;

    private ClusterCredentials(
            String clusterCaPem,
            String serviceCaPem,
            TestCertificates.Issued kubeletClientCa,
            TestCertificates.Issued kubeletClient) {
        this.clusterCaPem = clusterCaPem;
        this.serviceCaPem = serviceCaPem;
        this.kubeletClientCa = kubeletClientCa;
        this.kubeletClient = kubeletClient;
    }

    static ClusterCredentials generate() {
        try {
            TestCertificates.Issued clusterCa = TestCertificates.authority("kubernetes");
            TestCertificates.Issued serviceCa = TestCertificates.authority("openshift-service-serving-signer");
            TestCertificates.Issued kubeletCa = TestCertificates.authority("kubelet-client-ca");
            TestCertificates.Issued client =
                    TestCertificates.client(kubeletCa, "kube-apiserver-kubelet-client", "system:masters");
            return new ClusterCredentials(
                    TestCertificates.pem(clusterCa.certificate()),
                    TestCertificates.pem(serviceCa.certificate()),
                    kubeletCa,
                    client);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the cluster's certificates", e);
        }
    }

    String clusterCaPem() {
        return clusterCaPem;
    }

    String serviceCaPem() {
        return serviceCaPem;
    }

    TestCertificates.Issued kubeletClient() {
        return kubeletClient;
    }

    String kubeletClientCaPem() {
        try {
            return TestCertificates.pem(kubeletClientCa.certificate());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
