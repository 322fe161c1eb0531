package dev.fathom.streamjobs.cost;

import java.io.Serializable;

/** Who pays: a team, a project and a cost centre; any may be "" when unknown. */
public record Owner(String team, String project, String costCentre) implements Serializable {

    public Owner {
        team = team == null ? "" : team;
        project = project == null ? "" : project;
        costCentre = costCentre == null ? "" : costCentre;
    }

    /** True when at least one field names somebody. */
    public boolean isKnown() {
        return !team.isEmpty() || !project.isEmpty() || !costCentre.isEmpty();
    }
}
