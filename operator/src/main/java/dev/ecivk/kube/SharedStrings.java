package dev.ecivk.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * One instance of each short string value the Kubernetes client decodes again and again. A node's Pods repeat most of
 * their values (image, container and volume names, mount paths, tolerations, the service-account projection, the
 * node's name and IP, condition types and reasons, even timestamps to the second), and the Pod informer's cache holds
 * every one of them as a String of its own: with 10,000 Pods that is most of the controller's heap. Jackson shares
 * field names, not values; the JVM's string deduplication is G1's, not Serial's.
 *
 * <p>A fixed table of slots, one per hash: a value whose slot holds an equal string gets that one, any other takes the
 * slot. Values seen on every Pod keep their slots; a value seen once (a UID, a name) passes through and at worst
 * evicts a shared one, which the next Pod puts back. Bounded (a few hundred KiB), lock-free (Strings are immutable, so
 * a racy slot read sees a whole string or another one), and it never changes a value, only which equal instance a
 * decoded object holds. Long values (certificates, JSON annotations) are left alone: rarely shared. So are the values
 * of a {@code data} or {@code stringData} map (a Secret's, a ConfigMap's): a slot would keep a secret value reachable
 * after its Secret is gone.
 */
public final class SharedStrings {
    /** Longer values are not shared. */
    static final int MAX_LENGTH = 96;

    private final String[] slots;
    private final int mask;

    /** A table of {@code slots} slots, rounded up to a power of two. */
    public SharedStrings(int slots) {
        int size = Integer.highestOneBit(Math.max(16, slots - 1)) << 1;
        this.slots = new String[size];
        this.mask = size - 1;
    }

    /** The shared instance equal to {@code value}, or {@code value} itself, which may become the shared one. */
    public String share(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return value;
        }
        int h = value.hashCode();
        int slot = (h ^ (h >>> 16)) & mask;
        String known = slots[slot];
        if (value.equals(known)) {
            return known;
        }
        slots[slot] = value;
        return value;
    }

    /** A Jackson module that decodes every String value through {@code table}. */
    public static Module module(SharedStrings table) {
        return new SimpleModule("shared-strings").addDeserializer(String.class, new SharingDeserializer(table));
    }

    /** Jackson's own String deserializer (every coercion it does), its result shared. */
    private static final class SharingDeserializer extends StringDeserializer {
        private static final long serialVersionUID = 1L;
        private final transient SharedStrings table;

        SharingDeserializer(SharedStrings table) {
            this.table = table;
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            return inDataMap(p.getParsingContext()) ? value : table.share(value);
        }

        /** Whether the value is an entry of a {@code data} or {@code stringData} map. */
        private static boolean inDataMap(JsonStreamContext context) {
            if (context == null || !context.inObject() || context.getParent() == null) {
                return false;
            }
            String field = context.getParent().getCurrentName();
            return "data".equals(field) || "stringData".equals(field);
        }
    }
}
