package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.time.TimeRange;
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
        Map<String, BigDecimal> before = new HashMap<>();
        for (CostRow row : data.byOwner(window.previous(), grouping, team)) {
            before.put(row.owner(), row.allocated());
        }
        List<CostRow> rows = new ArrayList<>();
        for (CostRow row : data.byOwner(window, grouping, team)) {
            rows.add(row.withPrevious(before.getOrDefault(row.owner(), BigDecimal.ZERO)));
        }
        rows.sort(Comparator.comparing(CostRow::allocated).reversed().thenComparing(CostRow::owner));
        return rows;
    }
}
