package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.Parallel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cost per owner with the previous period beside it: what the view shows and the CSV holds. */
public class CostReport {

    private final CostData data;

    public CostReport(CostData data) {
        this.data = data;
    }

    /** Rows sorted by allocated cost, largest first; the previous period's cost per owner attached. */
    public List<CostRow> rows(TimeRange.Window window, CostGrouping grouping, Optional<String> team) {
        // Both periods at once: the page waits for the slower, not for both.
        var previous = Parallel.start(() -> data.byOwner(window.previous(), grouping, team));
        var current = Parallel.start(() -> data.byOwner(window, grouping, team));
        Map<String, BigDecimal> before = new HashMap<>();
        for (CostRow row : Parallel.join(previous)) {
            before.put(row.owner(), row.allocated());
        }
        List<CostRow> rows = new ArrayList<>();
        for (CostRow row : Parallel.join(current)) {
            rows.add(row.withPrevious(before.getOrDefault(row.owner(), BigDecimal.ZERO)));
        }
        rows.sort(Comparator.comparing(CostRow::allocated).reversed().thenComparing(CostRow::owner));
        return rows;
    }
}
