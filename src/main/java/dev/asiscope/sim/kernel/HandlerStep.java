package dev.asiscope.sim.kernel;

/**
 * One step of a kernel code path: touch {@code lines} consecutive cache lines of a named region,
 * starting at byte {@code offset}. A region name without a VM suffix (e.g. {@code vcpu-state}) means the
 * current VM's instance ({@code vcpu-state:vm1}) when one exists.
 */
public record HandlerStep(String region, long offset, int lines, boolean write) {
    public HandlerStep {
        if (lines < 1) {
            throw new IllegalArgumentException("a handler step touches at least one line");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("handler step offset must not be negative");
        }
    }

    public static HandlerStep read(String region, int lines) {
        return new HandlerStep(region, 0, lines, false);
    }

    public static HandlerStep write(String region, int lines) {
        return new HandlerStep(region, 0, lines, true);
    }
}
