package dev.fathom.storage.write;

import java.util.List;

/**
 * How one kind of row goes into its table: the table, its columns in order, and each row's
 * RowBinary encoding of exactly those columns.
 */
public interface RowFormat<T> {

    String table();

    List<String> columns();

    void write(T row, RowBinaryOutput out);

    /** A rough size of one encoded row, to size the buffer once. */
    default int estimatedRowBytes() {
        return 128;
    }
}
