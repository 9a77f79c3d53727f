package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The RPC parameter convention: {@code Container.1.EnvironmentVar.2.Key=v} turned into a tree where numbered levels
 * become lists (1-based, ordered by index) and everything else maps. Shared by the embedded Alibaba Cloud
 * products.
 */
public final class FlatParams {
    /** The RPC protocol's own parameters (signature, version, action), as opposed to the call's business ones. */
    public static final Set<String> PROTOCOL_PARAMS = Set.of(
            "AccessKeyId",
            "Signature",
            "SignatureMethod",
            "SignatureVersion",
            "SignatureNonce",
            "SignatureType",
            "Timestamp",
            "Format",
            "Version",
            "Action",
            "SecurityToken",
            "BearerToken");

    private FlatParams() {}

    /** The request without protocol parameters, sorted: what a ClientToken must repeat exactly. */
    public static Map<String, String> business(Map<String, String> params) {
        Map<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!PROTOCOL_PARAMS.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public static Node tree(Map<String, String> flat) {
        Map<String, Object> root = new TreeMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.", -1);
            Map<String, Object> node = root;
            boolean ok = true;
            for (int i = 0; i < parts.length - 1 && ok; i++) {
                Object child = node.get(parts[i]);
                if (!(child instanceof Map)) {
                    child = new TreeMap<String, Object>();
                    node.put(parts[i], child);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            String last = parts[parts.length - 1];
            if (!(node.get(last) instanceof Map)) {
                node.put(last, e.getValue());
            }
        }
        return new Node(listify(root));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listify(Map<String, Object> map) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> child) {
                Map<String, Object> converted = listify((Map<String, Object>) child);
                e.setValue(isList(converted) ? toList(converted) : converted);
            }
        }
        return map;
    }

    private static boolean isList(Map<String, Object> map) {
        if (map.isEmpty()) {
            return false;
        }
        for (String k : map.keySet()) {
            if (!isIndex(k)) {
                return false;
            }
        }
        return true;
    }

    /** A list index as the RPC convention writes it: 1 to 99999, no leading zero. */
    static boolean isIndex(String k) {
        int n = k.length();
        if (n == 0 || n > 5 || k.charAt(0) < '1' || k.charAt(0) > '9') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = k.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static List<Object> toList(Map<String, Object> map) {
        TreeMap<Integer, Object> byIndex = new TreeMap<>();
        map.forEach((k, v) -> byIndex.put(Integer.parseInt(k), v));
        return new ArrayList<>(byIndex.values());
    }

    /** A read-only view of one level of the tree with typed accessors that fail with ECI's codes. */
    public static final class Node {
        private final Map<String, Object> map;
        private final String path;

        Node(Map<String, Object> map) {
            this(map, "");
        }

        private Node(Map<String, Object> map, String path) {
            this.map = map;
            this.path = path;
        }

        public Map<String, Object> raw() {
            return map;
        }

        public boolean has(String key) {
            return map.containsKey(key);
        }

        public String name(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        public String str(String key) {
            Object v = map.get(key);
            return v instanceof String s ? s : null;
        }

        public String required(String key) {
            String v = str(key);
            if (v == null || v.isEmpty()) {
                throw EciApiException.missing(name(key));
            }
            return v;
        }

        public Node child(String key) {
            Object v = map.get(key);
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                return new Node(typed, name(key));
            }
            return null;
        }

        /** A list of structures, e.g. {@code Container.N}. */
        public List<Node> nodes(String key) {
            Object v = map.get(key);
            List<Node> out = new ArrayList<>();
            if (v instanceof List<?> list) {
                int i = 1;
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> typed = (Map<String, Object>) m;
                        out.add(new Node(typed, name(key) + "." + i));
                    }
                    i++;
                }
            }
            return out;
        }

        /** A repeated scalar, e.g. {@code Command.N}. */
        public List<String> strings(String key) {
            Object v = map.get(key);
            List<String> out = new ArrayList<>();
            if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof String s) {
                        out.add(s);
                    }
                }
            } else if (v instanceof String s) {
                out.add(s);
            }
            return out;
        }

        public Integer integer(String key) {
            String v = str(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw EciApiException.invalid("The specified parameter \"" + name(key) + "\" is not an integer.");
            }
        }

        public Long longValue(String key) {
            String v = str(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            try {
                return Long.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw EciApiException.invalid("The specified parameter \"" + name(key) + "\" is not an integer.");
            }
        }

        public Double number(String key) {
            String v = str(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            try {
                return Double.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw EciApiException.invalid("The specified parameter \"" + name(key) + "\" is not a number.");
            }
        }

        public Boolean bool(String key) {
            String v = str(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            if (v.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (v.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw EciApiException.invalid("The specified parameter \"" + name(key) + "\" is not a boolean.");
        }
    }
}
