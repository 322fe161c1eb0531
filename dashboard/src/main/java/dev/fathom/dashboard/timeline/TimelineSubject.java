package dev.fathom.dashboard.timeline;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a timeline is about: a node (host), a team or a model, and the alert label that names it. */
public enum TimelineSubject {
    NODE("node", "Node", "host"),
    TEAM("team", "Team", "team"),
    MODEL("model", "Model", "model");

    public final String parameter;
    public final String label;
    /** The alert label whose value is the subject's name. */
    public final String alertLabel;

    TimelineSubject(String parameter, String label, String alertLabel) {
        this.parameter = parameter;
        this.label = label;
        this.alertLabel = alertLabel;
    }

    /** The URL values, in order. */
    public static final List<String> PARAMETERS = Arrays.stream(values()).map(s -> s.parameter).toList();

    public static Optional<TimelineSubject> fromParameter(String value) {
        return Arrays.stream(values()).filter(s -> s.parameter.equals(value)).findFirst();
    }
}
