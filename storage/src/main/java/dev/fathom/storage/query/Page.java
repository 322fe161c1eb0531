package dev.fathom.storage.query;

import java.util.List;

/** One page of a longer list, with how many rows the whole list has. */
public record Page<T>(List<T> rows, long total, int offset, int limit) {

    /** Checked paging arguments: offset >= 0, 1 <= limit <= 10,000. */
    static void check(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("paging needs offset >= 0 and 1 <= limit <= 10000, got offset " + offset + ", limit " + limit);
        }
    }
}
