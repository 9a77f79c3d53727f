package dev.ecivk.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.WatchEvent;
import java.io.IOException;
import java.util.Map;

/**
 * A watch event's object decoded in one pass. fabric8 decodes it by kind, so it first reads the whole object into a
 * JSON tree to find the kind, then binds the tree: the Pod watch's single thread spent more than half its time on
 * that tree in a burst. An apiserver writes {@code kind} and {@code apiVersion} first, so they are read as they come
 * and, for the core kinds the controller watches, the rest of the object is bound straight from the stream. Any
 * other shape (another order, another kind, an error's Status) is decoded as fabric8 does, from what was read plus
 * the rest.
 */
public final class WatchEventObjects {
    private static final String KIND = "kind";
    private static final String API_VERSION = "apiVersion";
    private static final String CORE_VERSION = "v1";

    /** Core ({@code v1}) kinds the controller watches, by kind. */
    private static final Map<String, Class<? extends HasMetadata>> CORE_KINDS = Map.of(
            "Pod", Pod.class,
            "Node", Node.class,
            "ConfigMap", ConfigMap.class,
            "Secret", Secret.class,
            "Service", Service.class,
            "ServiceAccount", ServiceAccount.class);

    private WatchEventObjects() {}

    /** A Jackson module that decodes {@link WatchEvent#getObject()} in one pass where it can. */
    public static Module module() {
        return new SimpleModule("watched-objects").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(
                    DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
                if (description.getBeanClass() != WatchEvent.class) {
                    return builder;
                }
                SettableBeanProperty object = builder.findProperty(PropertyName.construct("object"));
                if (object != null && object.hasValueDeserializer()) {
                    builder.addOrReplaceProperty(
                            object.withValueDeserializer(new KindFirst(object.getValueDeserializer())), true);
                }
                return builder;
            }
        });
    }

    /** Reads {@code kind} and {@code apiVersion} as they come; binds a known core kind from the stream. */
    private static final class KindFirst extends JsonDeserializer<Object> {
        private final JsonDeserializer<Object> byKind;

        KindFirst(JsonDeserializer<Object> byKind) {
            this.byKind = byKind;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartObjectToken()) {
                return byKind.deserialize(p, ctxt);
            }
            TokenBuffer read = ctxt.bufferForInputBuffering(p);
            read.writeStartObject();
            String kind = null;
            String apiVersion = null;
            JsonToken next = p.nextToken();
            while (next == JsonToken.FIELD_NAME && (kind == null || apiVersion == null)) {
                String name = p.currentName();
                boolean isKind = KIND.equals(name);
                if (!isKind && !API_VERSION.equals(name)) {
                    break; // another field first: fabric8's way
                }
                read.writeFieldName(name);
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    read.copyCurrentStructure(p); // not a string: left unknown, so fabric8's way
                    next = p.nextToken();
                    break;
                }
                read.writeString(p.getText());
                if (isKind) {
                    kind = p.getText();
                } else {
                    apiVersion = p.getText();
                }
                next = p.nextToken();
            }
            Class<? extends HasMetadata> type = CORE_VERSION.equals(apiVersion) ? CORE_KINDS.get(kind) : null;
            if (type != null && (next == JsonToken.FIELD_NAME || next == JsonToken.END_OBJECT)) {
                // The bean's deserializer takes an object from its first field or its end.
                HasMetadata object = (HasMetadata)
                        ctxt.findRootValueDeserializer(ctxt.constructType(type)).deserialize(p, ctxt);
                object.setApiVersion(apiVersion); // the kind is the class's own
                return object;
            }
            // What was read, then the rest of the object from where the stream stands.
            JsonParser whole = JsonParserSequence.createFlattened(true, read.asParser(p), p);
            whole.nextToken();
            return byKind.deserialize(whole, ctxt);
        }
    }
}
