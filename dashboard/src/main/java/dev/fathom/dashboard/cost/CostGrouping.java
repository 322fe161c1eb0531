package dev.fathom.dashboard.cost;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What cost is grouped by: the owner columns of the cost ledger. */
public enum CostGrouping {
    TEAM("team", "Team"),
    PROJECT("project", "Project"),
    COST_CENTRE("cost_centre", "Cost centre");

    /** The cost_ledger column, also the URL value ({@code by=cost_centre}). */
    public final String column;
    public final String label;

    CostGrouping(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** The URL values, in order. */
    public static final List<String> PARAMETERS = Arrays.stream(values()).map(g -> g.column).toList();

    public static Optional<CostGrouping> fromParameter(String value) {
        return Arrays.stream(values()).filter(g -> g.column.equals(value)).findFirst();
    }
}
