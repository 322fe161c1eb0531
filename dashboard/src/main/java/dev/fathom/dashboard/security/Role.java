package dev.fathom.dashboard.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a user may do. Every signed-in user can look (VIEWER); SRE adds silences and
 * acknowledgements; FINANCE adds cost across teams and exports; ADMIN may do everything.
 */
public enum Role {
    VIEWER, SRE, FINANCE, ADMIN;

    /** The roles this one grants, itself included: ADMIN grants all, SRE and FINANCE grant VIEWER. */
    Set<Role> granted() {
        return switch (this) {
            case VIEWER -> EnumSet.of(VIEWER);
            case SRE -> EnumSet.of(VIEWER, SRE);
            case FINANCE -> EnumSet.of(VIEWER, FINANCE);
            case ADMIN -> EnumSet.allOf(Role.class);
        };
    }

    /** Parses a configured role name, case-insensitively; the error names the allowed ones. */
    static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "': use VIEWER, SRE, FINANCE or ADMIN");
        }
    }
}
