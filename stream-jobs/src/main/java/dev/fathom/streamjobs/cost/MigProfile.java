package dev.fathom.streamjobs.cost;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The share of a GPU a MIG instance holds: its compute slices over the GPU's slices (7 on A100
 * and H100). "3g.40gb" and "MIG 3g.40gb" are 3 slices; a compute-instance profile "1c.3g.40gb"
 * belongs to the 3-slice GPU instance.
 */
public final class MigProfile {

    private static final Pattern SLICES = Pattern.compile("(?:^|[^0-9])(\\d+)g\\.");

    private MigProfile() {}

    /** Compute slices of a profile name, or throws naming the profile. */
    public static int slices(String profile) {
        Matcher m = SLICES.matcher(profile);
        if (!m.find()) {
            throw new IllegalArgumentException("not a MIG profile name (expected e.g. 3g.40gb): '" + profile + "'");
        }
        return Integer.parseInt(m.group(1));
    }
}
