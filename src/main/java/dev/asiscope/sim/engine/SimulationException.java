package dev.asiscope.sim.engine;

import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.Context;

/**
 * A scenario asked the machine to do something impossible (an operation in the wrong context, a handler
 * touching a region the host does not have, ...). What went wrong is a typed {@link Problem}; the sentence a
 * person reads is made outside the engine ({@code scenario.SimulationErrorText}). The exception's own message
 * is the problem's {@code toString()}, for debugging.
 */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as values (never serialised: a problem holds engine values). */
    private final transient Problem problem;

    public SimulationException(Problem problem) {
        super(String.valueOf(problem));
        this.problem = problem;
    }

    /** What went wrong. */
    public Problem problem() {
        return problem;
    }

    /** Why a run cannot go on: one record per case the engine tells apart. */
    public sealed interface Problem {
    }

    /** {@code op} runs only in guest context, but logical CPU {@code cpu} is in {@code context}. */
    public record OpNeedsGuest(int cpu, Op op, Context context) implements Problem {
    }

    /** {@code op} runs only in a host user process, but logical CPU {@code cpu} is in {@code context}. */
    public record OpNeedsHostUser(int cpu, Op op, Context context) implements Problem {
    }

    /** Neither the scenario nor the default kernel defines a handler named {@code handler}. */
    public record UnknownKernelHandler(String handler) implements Problem {
    }

    /** A kernel handler touches region {@code region}, which the host layout does not have. */
    public record UnknownHandlerRegion(String region) implements Problem {
    }

    /** A kernel access of {@code cpu} to {@code virtualAddress} (in {@code region}) found no mapping. */
    public record KernelAccessUnmapped(int cpu, long virtualAddress, String region) implements Problem {
    }

    /** {@code asi-enter} in a task that is neither a vCPU nor a process: there is no ASI class to enter. */
    public record AsiEnterWithoutClass(int cpu) implements Problem {
    }

    /** L1TF through a reserved bit on a machine whose MAXPHYADDR is 52: a 4 KiB PTE has no reserved bit left. */
    public record L1tfNoReservedBit(int cpu) implements Problem {
    }

    /** KVM's software L1D flush on {@code cpu} found its buffer unmapped. */
    public record L1dFlushBufferUnmapped(int cpu) implements Problem {
    }

    /** An edit names address space {@code space}, which the machine does not have. */
    public record NoAddressSpace(String space) implements Problem {
    }

    /** An entry edit names {@code space}, which is not an x86 page table (an EPT). */
    public record NotX86Table(String space) implements Problem {
    }

    /** An entry edit's walk of {@code linearAddress} in {@code space} ends above {@code level}. */
    public record WalkDoesNotReach(String space, long linearAddress, PagingLevel level) implements Problem {
    }

    /** A region edit names {@code space}, which is not a host (x86) page table. */
    public record NotHostTable(String space) implements Problem {
    }

    /** A region edit names region {@code region}, which the host layout does not have. */
    public record NoRegion(String region) implements Problem {
    }
}
