package dev.ecivk.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * fabric8's model objects each start with an {@code additionalProperties} map of their own, for fields the model does
 * not know; decoded from a real apiserver it stays empty. A Pod is about 47 such objects, so a cache of 10,000 Pods
 * holds 470,000 empty {@code LinkedHashMap}s (26 MiB). Once an object is decoded, an empty map is swapped for the
 * one shared immutable empty map: reading it is the same, and nothing writes the additional properties of an object
 * it decoded (a builder made from one copies them into a map of its own).
 */
public final class SharedEmptyMaps {
    private static final Map<String, Object> EMPTY = Map.of();
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final MethodType GETTER = MethodType.methodType(Map.class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Map.class);

    private SharedEmptyMaps() {}

    /** A Jackson module that gives every decoded fabric8 model object with no additional properties the shared map. */
    public static Module module() {
        return new SimpleModule("shared-empty-maps").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                // a generic resource keeps all its fields there, and code builds on it: left alone
                if (!type.getName().startsWith(MODEL_PACKAGE)
                        || type.getSimpleName().equals("GenericKubernetesResource")) {
                    return deserializer;
                }
                try {
                    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                    MethodHandle get = lookup.findVirtual(type, "getAdditionalProperties", GETTER);
                    MethodHandle set = lookup.findVirtual(type, "setAdditionalProperties", SETTER);
                    return new Compacting(deserializer, get, set);
                } catch (NoSuchMethodException | IllegalAccessException e) {
                    return deserializer; // a type without additional properties
                }
            }
        });
    }

    /** Decodes as the bean's own deserializer does, then shares an empty additionalProperties map. */
    private static final class Compacting extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;
        private final transient MethodHandle get;
        private final transient MethodHandle set;

        Compacting(JsonDeserializer<?> delegate, MethodHandle get, MethodHandle set) {
            super(delegate);
            this.get = get;
            this.set = set;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Compacting(newDelegatee, get, set);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return compact(super.deserialize(p, ctxt));
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
                throws IOException {
            return compact(super.deserializeWithType(p, ctxt, typeDeserializer));
        }

        private Object compact(Object decoded) {
            if (decoded == null || !get.type().parameterType(0).isInstance(decoded)) {
                return decoded;
            }
            try {
                Map<?, ?> own = (Map<?, ?>) get.invoke(decoded);
                if (own != null && own != EMPTY && own.isEmpty()) {
                    set.invoke(decoded, EMPTY);
                }
            } catch (Throwable e) {
                throw new IllegalStateException(
                        "cannot compact " + decoded.getClass().getName(), e);
            }
            return decoded;
        }
    }
}
