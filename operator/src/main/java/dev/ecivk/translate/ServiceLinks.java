package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Docker-link style variables the kubelet injects for Services ({@code <SVC>_SERVICE_HOST}, {@code _PORT_…}):
 * the master Service {@code default/kubernetes} always, the Pod's namespace only when enableServiceLinks is not
 * false. Headless Services have no address and give no variables.
 */
final class ServiceLinks {

    private ServiceLinks() {}

    /** The variables of each Service (by name, in injection order); a Service's variables go in together. */
    static Map<String, Map<String, String>> of(PodView pod) {
        boolean links = !Boolean.FALSE.equals(pod.spec().getEnableServiceLinks());
        List<Service> services = pod.refs().services().stream()
                .filter(s -> s.getMetadata() != null && s.getSpec() != null)
                .filter(s -> isMaster(s)
                        || (links && pod.namespace().equals(s.getMetadata().getNamespace())))
                .sorted(Comparator.comparing((Service s) -> !isMaster(s))
                        .thenComparing(s -> s.getMetadata().getName()))
                .toList();
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (Service s : services) {
            Map<String, String> env = new LinkedHashMap<>();
            String ip = s.getSpec().getClusterIP();
            List<ServicePort> ports = s.getSpec().getPorts();
            if (ip == null || ip.isEmpty() || ip.equals("None") || ports == null || ports.isEmpty()) {
                continue;
            }
            String prefix = envName(s.getMetadata().getName());
            env.put(prefix + "_SERVICE_HOST", ip);
            env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
            for (ServicePort p : ports) {
                if (p.getName() != null && !p.getName().isEmpty()) {
                    env.put(prefix + "_SERVICE_PORT_" + envName(p.getName()), String.valueOf(p.getPort()));
                }
            }
            String host = ip.contains(":") ? "[" + ip + "]" : ip;
            for (int i = 0; i < ports.size(); i++) {
                ServicePort p = ports.get(i);
                String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
                String url = protocol.toLowerCase(Locale.ROOT) + "://" + host + ":" + p.getPort();
                if (i == 0) {
                    env.put(prefix + "_PORT", url);
                }
                String portPrefix = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
                env.put(portPrefix, url);
                env.put(portPrefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
                env.put(portPrefix + "_PORT", String.valueOf(p.getPort()));
                env.put(portPrefix + "_ADDR", ip);
            }
            all.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), env);
        }
        return all;
    }

    private static boolean isMaster(Service s) {
        return "default".equals(s.getMetadata().getNamespace())
                && "kubernetes".equals(s.getMetadata().getName());
    }

    private static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
