package dev.asiscope.sim.engine;

/**
 * One entry of the engine's ordered event log.
 *
 * @param seq     position in the log (0-based, strictly increasing)
 * @param cycle   the cycle at which the change happened
 * @param cpu     logical CPU, or -1 for machine-wide events
 * @param kind    what happened
 * @param address the physical or linear address concerned, or -1
 * @param label   the security label of the data concerned, or null
 * @param detail  a short human-readable explanation (the cause of an ASI exit, the exit reason, ...)
 * @param payload structured data for some kinds ({@link Leak} for leaks, {@link ExposureWindow} for
 *                exposure), or null
 */
public record Event(long seq, long cycle, int cpu, EventKind kind, long address, String label, String detail,
        Object payload) {

    /** One line for logs and the text report. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,12d  %-4s %-15s", cycle, cpu < 0 ? "-" : "cpu" + cpu, kind.title()));
        if (detail != null && !detail.isEmpty()) {
            sb.append(' ').append(detail);
        }
        if (address >= 0) {
            sb.append(" @0x").append(Long.toHexString(address));
        }
        if (label != null) {
            sb.append(" [").append(label).append(']');
        }
        return sb.toString();
    }
}
