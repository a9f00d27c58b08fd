package dev.asiscope.scenario;

/**
 * A caption the scenario shows while the cursor is at or after its anchor: a cycle, or the n-th
 * (1-based) event of a kind (optionally on one CPU). A caption stays until the next caption's anchor.
 *
 * @param cycle      anchor cycle, or -1 when anchored to an event
 * @param event      event kind id ({@code asi-exit}, {@code leak}, ...) or null
 * @param occurrence which occurrence of that event (1 = first)
 * @param cpu        only events on this CPU count (-1 = any)
 * @param title      a short heading
 * @param text       the caption, written for a student
 */
public record Narration(long cycle, String event, int occurrence, int cpu, String title, String text) {
}
