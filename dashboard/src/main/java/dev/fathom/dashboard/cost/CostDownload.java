package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.dashboard.security.SignedInUser;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One CSV download from the cost view: checks the user may export that team's cost, writes the
 * audit row first (no audit row, no file), then the file.
 */
public class CostDownload {

    private final ChargebackExport export;
    private final AuditLog audit;

    public CostDownload(ChargebackExport export, AuditLog audit) {
        this.export = export;
        this.audit = audit;
    }

    public ChargebackExport export() {
        return export;
    }

    /** @throws SecurityException when the user may not export this, after auditing the refusal */
    public void write(SignedInUser user, ChargebackExport.Request request, String client, OutputStream out) throws IOException {
        String target = "cost by " + request.grouping().column + " " + request.team().orElse("(all teams)");
        String detail = request.window().from() + "/" + request.window().to();
        if (!user.canExport() || !user.costScope().permits(request.team())) {
            audit.record(user.name(), AuditLog.EXPORT, target, detail, "denied", client);
            throw new SecurityException(user.name() + " may not export " + target);
        }
        audit.record(user.name(), AuditLog.EXPORT, target, detail, "ok", client);
        export.write(request, out);
    }
}
