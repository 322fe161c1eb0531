package dev.fathom.collectors.host;

import java.util.List;

/**
 * What a /proc parser read: the rows it understood and one warning per line it skipped, each
 * naming the file and line number.
 */
public record ParseResult<T>(List<T> rows, List<String> warnings) {

    public ParseResult {
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
    }
}
