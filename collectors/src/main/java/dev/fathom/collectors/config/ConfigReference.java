package dev.fathom.collectors.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Prints the config reference (key, default, meaning) from {@link CollectorConfig} itself, so the
 * table in docs/collectors.md is the code's: {@code java -cp ... dev.fathom.collectors.config.ConfigReference}.
 */
public final class ConfigReference {

    private ConfigReference() {}

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder("| Key | Default | Meaning |\n|---|---|---|\n");
        walk(CollectorConfigLoader.mapper(), CollectorConfig.class, new CollectorConfig(), "", out);
        return out.toString();
    }

    private static void walk(ObjectMapper mapper, Class<?> type, Object defaults, String prefix, StringBuilder out) {
        JavaType javaType = mapper.constructType(type);
        BeanDescription description = mapper.getDeserializationConfig().introspect(javaType);
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (!property.hasSetter()) {
                continue;
            }
            AnnotatedMethod setter = property.getSetter();
            JsonPropertyDescription doc = setter.getAnnotation(JsonPropertyDescription.class);
            String key = prefix + property.getName();
            Object value = defaults == null ? null : get(property, defaults);
            Class<?> parameter = setter.getRawParameterType(0);
            Class<?> nested = nestedConfigClass(parameter, setter.getAnnotated());
            if (nested != null && !List.class.isAssignableFrom(parameter)) {
                out.append("| `").append(key).append("` | | ").append(doc == null ? "" : doc.value()).append(" |\n");
                walk(mapper, nested, value, key + ".", out);
            } else if (nested != null) {
                out.append("| `").append(key).append("[]` | | ").append(doc == null ? "" : doc.value()).append(" |\n");
                walk(mapper, nested, newInstance(nested), key + "[].", out);
            } else {
                out.append("| `").append(key).append("` | ").append(format(value)).append(" | ")
                        .append(doc == null ? "" : doc.value()).append(" |\n");
            }
        }
    }

    private static Class<?> nestedConfigClass(Class<?> parameter, Method setter) {
        if (parameter.getEnclosingClass() == CollectorConfig.class) {
            return parameter;
        }
        if (List.class.isAssignableFrom(parameter)) {
            Type generic = setter.getGenericParameterTypes()[0];
            if (generic instanceof ParameterizedType list && list.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.getEnclosingClass() == CollectorConfig.class) {
                return element;
            }
        }
        return null;
    }

    private static Object get(BeanPropertyDefinition property, Object bean) {
        try {
            return property.getGetter() == null ? null : property.getGetter().getAnnotated().invoke(bean);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Object newInstance(Class<?> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String format(Object value) {
        if (value == null) {
            return "(none)";
        }
        if ("".equals(value)) {
            return "\"\"";
        }
        if (value instanceof Duration duration) {
            long millis = duration.toMillis();
            return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
        }
        if (value instanceof Collection<?> collection && collection.isEmpty()
                || value instanceof Map<?, ?> map && map.isEmpty()) {
            return "(none)";
        }
        if (value instanceof Collection<?> collection) {
            return "`" + collection + "`";
        }
        return "`" + value + "`";
    }
}
