package dev.ecivk.kubeletapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the SPDY resize stream, a sequence of JSON objects {@code {"Width":w,"Height":h}} cut anywhere by data
 * frames, into terminal sizes.
 */
final class ResizeDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PENDING = 4096;

    record Size(int width, int height) {}

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    List<Size> feed(byte[] data) {
        pending.write(data, 0, data.length);
        List<Size> sizes = new ArrayList<>();
        byte[] bytes = pending.toByteArray();
        int depth = 0;
        boolean inString = false;
        int start = -1;
        int consumed = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{') {
                if (depth++ == 0) {
                    start = i;
                }
            } else if (b == '}' && depth > 0 && --depth == 0) {
                parse(bytes, start, i + 1 - start, sizes);
                consumed = i + 1;
            }
        }
        pending.reset();
        if (bytes.length - consumed <= MAX_PENDING) {
            pending.write(bytes, consumed, bytes.length - consumed);
        }
        return sizes;
    }

    private static void parse(byte[] bytes, int offset, int length, List<Size> sizes) {
        try {
            JsonNode node = JSON.readTree(bytes, offset, length);
            int width = node.path("Width").asInt(0);
            int height = node.path("Height").asInt(0);
            if (width > 0 && height > 0) {
                sizes.add(new Size(width, height));
            }
        } catch (IOException e) {
            // a malformed size is ignored, as the kubelet does
        }
    }
}
