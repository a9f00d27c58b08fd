package dev.asiscope.scenario;

import dev.asiscope.sim.engine.SimulationException;
import dev.asiscope.sim.engine.SimulationException.Problem;

/**
 * Why a run stopped ({@link SimulationException}'s typed {@link Problem}) as the sentence the command line and
 * the window show, e.g. {@code cpu0: 'vmexit' needs guest context, but the CPU is host-user process1}
 * (docs/scenario-format.md shows these messages).
 */
public final class SimulationErrorText {
    private SimulationErrorText() {
    }

    /** The sentence for {@code e}. */
    public static String of(SimulationException e) {
        return of(e.problem());
    }

    /** The sentence for {@code p}. */
    public static String of(Problem p) {
        if (p instanceof SimulationException.OpNeedsGuest x) {
            return "cpu" + x.cpu() + ": '" + OpText.name(x.op()) + "' needs guest context, but the CPU is "
                    + ContextText.of(x.context());
        }
        if (p instanceof SimulationException.OpNeedsHostUser x) {
            return "cpu" + x.cpu() + ": '" + OpText.name(x.op()) + "' needs a host user process, but the CPU is "
                    + ContextText.of(x.context());
        }
        if (p instanceof SimulationException.UnknownKernelHandler x) {
            return "no kernel handler named '" + x.handler() + "'";
        }
        if (p instanceof SimulationException.UnknownHandlerRegion x) {
            return "handler touches unknown region '" + x.region() + "'";
        }
        if (p instanceof SimulationException.KernelAccessUnmapped x) {
            return "cpu" + x.cpu() + ": kernel access to unmapped 0x" + Long.toHexString(x.virtualAddress()) + " ("
                    + x.region() + ")";
        }
        if (p instanceof SimulationException.AsiEnterWithoutClass x) {
            return "cpu" + x.cpu() + ": asi-enter needs a vCPU or process task";
        }
        if (p instanceof SimulationException.L1tfNoReservedBit x) {
            return "cpu" + x.cpu() + ": l1tf via a reserved bit needs MAXPHYADDR below 52"
                    + " (a 4 KiB PTE has no other reserved bit with EFER.NXE set)";
        }
        if (p instanceof SimulationException.L1dFlushBufferUnmapped x) {
            return "cpu" + x.cpu() + ": the L1D flush buffer is not mapped";
        }
        if (p instanceof SimulationException.NoAddressSpace x) {
            return "no address space '" + x.space() + "'";
        }
        if (p instanceof SimulationException.NotX86Table x) {
            return x.space() + " is not an x86 page table";
        }
        if (p instanceof SimulationException.WalkDoesNotReach x) {
            return "the walk of 0x" + Long.toHexString(x.linearAddress()) + " in " + x.space() + " does not reach a "
                    + x.level().id();
        }
        if (p instanceof SimulationException.NotHostTable x) {
            return x.space() + " is not a host page table";
        }
        if (p instanceof SimulationException.NoRegion x) {
            return "no region '" + x.region() + "'";
        }
        throw new IllegalStateException("no words for " + p);
    }
}
