package dev.asiscope.ui;

/** What one step moves the cursor by. Guided scenarios lock it ({@code LoadedScenario.guidedStep}). */
public enum StepUnit {
    CYCLE("cycle"), EVENT("event"), NARRATION("narration");

    private final String id;

    StepUnit(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The unit named {@code id} ({@code cycle}, {@code event}, {@code narration}), or null. */
    public static StepUnit fromId(String id) {
        if (id == null) {
            return null;
        }
        for (StepUnit u : values()) {
            if (u.id.equalsIgnoreCase(id.trim())) {
                return u;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
