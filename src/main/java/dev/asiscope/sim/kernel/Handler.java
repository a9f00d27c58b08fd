package dev.asiscope.sim.kernel;

import java.util.List;

/**
 * A host kernel code path as data: a VM-exit handler, a syscall or an interrupt handler.
 *
 * @param name             e.g. {@code EXTERNAL_INTERRUPT} or {@code read}
 * @param steps            the memory it touches, in order
 * @param workCycles       cycles of computation besides the memory accesses
 * @param setsFlushRequest sets KVM's L1D-flush request (IRQ entry, emulation, exit to user space,
 *                         vCPU load; docs/model.md, section 6), honoured by {@code l1d-flush-cond}
 * @param exitsToUserspace the exit is completed by the VMM in user space (IO, MMIO); the kernel leaves
 *                         ASI before returning to user space
 * @param userspaceCycles  cycles the VMM spends in user space for such an exit
 * @param blockCycles      the vCPU blocks (HLT) for this many cycles; the CPU idles meanwhile
 */
public record Handler(String name, List<HandlerStep> steps, long workCycles, boolean setsFlushRequest,
        boolean exitsToUserspace, long userspaceCycles, long blockCycles) {

    public Handler {
        steps = List.copyOf(steps);
    }

    /** An in-kernel path: accesses plus work, no flags. */
    public static Handler of(String name, long workCycles, HandlerStep... steps) {
        return new Handler(name, List.of(steps), workCycles, false, false, 0, 0);
    }

    public Handler settingFlushRequest() {
        return new Handler(name, steps, workCycles, true, exitsToUserspace, userspaceCycles, blockCycles);
    }

    public Handler toUserspace(long cycles) {
        return new Handler(name, steps, workCycles, setsFlushRequest, true, cycles, blockCycles);
    }

    public Handler blocking(long cycles) {
        return new Handler(name, steps, workCycles, setsFlushRequest, exitsToUserspace, userspaceCycles, cycles);
    }
}
