package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.Mutations;

import java.util.List;

/** Inputs built to exhaust a parser: entity expansion and deep nesting. */
final class Bombs {

    private Bombs() {}

    static List<byte[]> xml() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        laughs.append("]>\n<nvidia_smi_log><gpu><uuid>&lol9;</uuid></gpu></nvidia_smi_log>\n");
        String external = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<nvidia_smi_log><gpu><product_name>&xxe;</product_name></gpu></nvidia_smi_log>\n";
        String deepInValue = "<nvidia_smi_log><gpu><uuid>" + "<a>".repeat(50_000) + "</a>".repeat(50_000)
                + "</uuid></gpu></nvidia_smi_log>";
        String deepGpus = "<nvidia_smi_log>" + "<gpu>".repeat(50_000) + "</gpu>".repeat(50_000) + "</nvidia_smi_log>";
        String manyAttributes = "<nvidia_smi_log><gpu " + "a=\"1\" ".repeat(1) + ">" + "<fan_speed>1 %</fan_speed>".repeat(20_000)
                + "</gpu></nvidia_smi_log>";
        return List.of(Mutations.utf8(laughs.toString()), Mutations.utf8(external), Mutations.utf8(deepInValue),
                Mutations.utf8(deepGpus), Mutations.utf8(manyAttributes));
    }

    /** JSON nested {@code depth} arrays deep, then an object at the bottom. */
    static byte[] jsonDeep(int depth) {
        return Mutations.utf8("[".repeat(depth) + "{}" + "]".repeat(depth));
    }

    /** A JSON object nested {@code depth} objects deep. */
    static byte[] jsonDeepObjects(String key, int depth) {
        return Mutations.utf8(("{\"" + key + "\":").repeat(depth) + "1" + "}".repeat(depth));
    }
}
