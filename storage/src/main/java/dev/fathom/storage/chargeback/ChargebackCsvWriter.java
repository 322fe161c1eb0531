package dev.fathom.storage.chargeback;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes chargeback rows as RFC 4180 CSV (Apache Commons CSV: quoting, CRLF) and neutralises text
 * cells a spreadsheet would run as a formula: a cell starting with =, +, -, @, tab or carriage
 * return gets a leading apostrophe (OWASP's advice). Numbers and dates are left as they are.
 */
final class ChargebackCsvWriter implements Closeable, Flushable {

    private final CSVPrinter printer;

    ChargebackCsvWriter(Writer out) throws IOException {
        this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(FocusColumns.names().toArray(String[]::new)).get());
    }

    void write(List<String> row) throws IOException {
        List<String> safe = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            FocusColumn column = FocusColumns.ALL.get(i);
            String value = row.get(i);
            safe.add(column.type() == FocusColumn.Type.STRING || column.type() == FocusColumn.Type.JSON ? neutralise(value) : value);
        }
        printer.printRecord(safe);
    }

    static String neutralise(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + cell : cell;
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
