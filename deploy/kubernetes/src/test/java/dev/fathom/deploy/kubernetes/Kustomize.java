package dev.fathom.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Enough of kustomize to render this directory's bases, overlays and components the way
 * {@code kubectl kustomize} does for what they use: resources (files and directories),
 * components, {@code namespace}, {@code configMapGenerator} (files), JSON 6902 patches with a
 * target, and strategic-merge patch files (maps merged, lists of named items merged by name).
 * Every reference it cannot resolve is an error naming the kustomization, which is the check:
 * a listed file that does not exist, a patch whose target is not in the base, a JSON pointer
 * that does not exist in its target.
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {}

    /** Every YAML document of a file (empty documents dropped). */
    static List<ObjectNode> documents(Path file) {
        try {
            List<ObjectNode> docs = new ArrayList<>();
            for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile()); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    if (!doc.isObject()) {
                        throw new IllegalStateException(file + ": a document is not a mapping: " + doc);
                    }
                    docs.add((ObjectNode) doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " does not parse as YAML: " + e.getMessage(), e);
        }
    }

    /** The objects {@code kubectl kustomize dir} would print (without name suffixes on generated ConfigMaps). */
    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(dir + " has no kustomization.yaml");
        }
        ObjectNode k = documents(file).get(0);
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = existing(dir, resource.asText(), file);
            objects.addAll(Files.isDirectory(path) ? build(path) : documents(path));
        }
        for (JsonNode generator : k.path("configMapGenerator")) {
            ObjectNode configMap = JsonNodeFactory.instance.objectNode();
            configMap.put("apiVersion", "v1").put("kind", "ConfigMap").putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = configMap.putObject("data");
            for (JsonNode source : generator.path("files")) {
                Path path = existing(dir, source.asText(), file);
                try {
                    data.put(path.getFileName().toString(), Files.readString(path));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            objects.add(configMap);
        }
        for (JsonNode component : k.path("components")) {
            applyPatches(existing(dir, component.asText(), file), objects);
        }
        applyPatches(dir, k, file, objects);
        if (k.has("namespace")) {
            for (ObjectNode object : objects) {
                if (!object.path("kind").asText().equals("Namespace")) {
                    ((ObjectNode) object.get("metadata")).put("namespace", k.get("namespace").asText());
                }
                for (JsonNode subject : object.path("subjects")) {
                    if (subject.path("kind").asText().equals("ServiceAccount")) {
                        ((ObjectNode) subject).put("namespace", k.get("namespace").asText());
                    }
                }
            }
        }
        for (JsonNode labels : k.path("labels")) {
            for (ObjectNode object : objects) {
                ObjectNode metadata = (ObjectNode) object.get("metadata");
                ObjectNode target = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
                labels.path("pairs").fields().forEachRemaining(e -> target.set(e.getKey(), e.getValue()));
            }
        }
        return objects;
    }

    private static void applyPatches(Path componentDir, List<ObjectNode> objects) {
        Path file = componentDir.resolve("kustomization.yaml");
        ObjectNode k = documents(file).get(0);
        if (!k.path("kind").asText().equals("Component")) {
            throw new IllegalStateException(file + " is listed as a component but is a " + k.path("kind").asText());
        }
        applyPatches(componentDir, k, file, objects);
    }

    private static void applyPatches(Path dir, ObjectNode k, Path file, List<ObjectNode> objects) {
        for (JsonNode patch : k.path("patches")) {
            if (patch.has("path")) {
                for (ObjectNode partial : documents(existing(dir, patch.get("path").asText(), file))) {
                    ObjectNode target = find(objects, partial.path("kind").asText(), partial.path("metadata").path("name").asText(), file);
                    merge(target, partial);
                }
            } else {
                JsonNode t = patch.path("target");
                ObjectNode target = find(objects, t.path("kind").asText(), t.path("name").asText(), file);
                JsonNode ops;
                try {
                    ops = YAML.readTree(patch.path("patch").asText());
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": patch for " + t + " does not parse", e);
                }
                for (JsonNode op : ops) {
                    jsonPatch(target, op, file + " patch on " + t.path("kind").asText() + "/" + t.path("name").asText());
                }
            }
        }
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name, Path file) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(file + ": patch target " + kind + "/" + name + " is not among the resources"));
    }

    private static Path existing(Path dir, String relative, Path file) {
        Path path = dir.resolve(relative).normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(file + " lists " + relative + ", which does not exist");
        }
        return path;
    }

    /** Strategic merge as kustomize applies it to what these files patch. */
    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
            JsonNode existing = target.get(e.getKey());
            JsonNode value = e.getValue();
            if (existing instanceof ObjectNode o && value instanceof ObjectNode p) {
                merge(o, p);
            } else if (existing instanceof ArrayNode a && value instanceof ArrayNode p && named(a) && named(p)) {
                int added = 0;
                for (JsonNode item : p) {
                    JsonNode same = null;
                    for (JsonNode old : a) {
                        if (old.path("name").equals(item.path("name"))) {
                            same = old;
                        }
                    }
                    if (same == null) {
                        a.insert(added++, item.deepCopy()); // kustomize puts new items first, in the patch's order
                    } else {
                        merge((ObjectNode) same, (ObjectNode) item);
                    }
                }
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean named(ArrayNode array) {
        for (JsonNode item : array) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return true;
    }

    /** One RFC 6902 operation (add, replace, remove); a path that does not exist is an error. */
    private static void jsonPatch(ObjectNode target, JsonNode op, String where) {
        String path = op.path("path").asText();
        String[] tokens = path.substring(1).split("/", -1);
        JsonNode parent = target;
        for (int i = 0; i < tokens.length - 1; i++) {
            parent = child(parent, unescape(tokens[i]));
            if (parent == null) {
                throw new IllegalStateException(where + ": " + path + " does not exist in the target");
            }
        }
        String last = unescape(tokens[tokens.length - 1]);
        String kind = op.path("op").asText();
        boolean exists = child(parent, last) != null;
        if ((kind.equals("replace") || kind.equals("remove")) && !exists) {
            throw new IllegalStateException(where + ": " + kind + " of " + path + ", which does not exist in the target");
        }
        if (parent instanceof ObjectNode o) {
            if (kind.equals("remove")) {
                o.remove(last);
            } else {
                o.set(last, op.get("value").deepCopy());
            }
        } else if (parent instanceof ArrayNode a) {
            if (kind.equals("remove")) {
                a.remove(Integer.parseInt(last));
            } else if (kind.equals("replace")) {
                a.set(Integer.parseInt(last), op.get("value").deepCopy());
            } else if (last.equals("-")) {
                a.add(op.get("value").deepCopy());
            } else {
                a.insert(Integer.parseInt(last), op.get("value").deepCopy());
            }
        } else {
            throw new IllegalStateException(where + ": the parent of " + path + " is not a mapping or a list");
        }
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node instanceof ArrayNode a) {
            return token.matches("\\d+") && Integer.parseInt(token) < a.size() ? a.get(Integer.parseInt(token)) : null;
        }
        return node.get(token);
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
