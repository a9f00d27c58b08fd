package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;

import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link Event} says, as typed values: one record per kind of fact. The engine builds a fact only
 * when a log is attached, and never turns one into text; the words a person reads are made by the renderer
 * ({@code dev.asiscope.scenario.EventText}). {@link #label()} is the security label of the data concerned,
 * or null.
 */
public sealed interface EventFact {
    /**
     * One method per kind of fact: a new kind does not compile until every visitor (every renderer and
     * reader that must handle all kinds) handles it.
     */
    interface Visitor<R> {
        R runEnd(RunEnd x);

        R opStart(OpStart x);

        R contextChange(ContextChange x);

        R taskSwitch(TaskSwitch x);

        R vmExit(VmExit x);

        R stunIpiExit(StunIpiExit x);

        R reschedIpiExit(ReschedIpiExit x);

        R vmEntry(VmEntry x);

        R asiEnter(AsiEnter x);

        R asiExit(AsiExit x);

        R asiRelax(AsiRelax x);

        R halt(Halt x);

        R restrictedPageFault(RestrictedPageFault x);

        R pageFault(PageFault x);

        R l1dFill(L1dFill x);

        R l1dEvict(L1dEvict x);

        R clflush(Clflush x);

        R probeFlush(ProbeFlush x);

        R tlbFill(TlbFill x);

        R tlbEvict(TlbEvict x);

        R invlpg(Invlpg x);

        R invpcid(Invpcid x);

        R cr3Flush(Cr3Flush x);

        R cr3Switch(Cr3Switch x);

        R l1dFlush(L1dFlush x);

        R softwareL1dFlush(SoftwareL1dFlush x);

        R verw(Verw x);

        R stun(Stun x);

        R stunHeld(StunHeld x);

        R unstun(Unstun x);

        R syscall(Syscall x);

        R interrupt(Interrupt x);

        R l1tfLoad(L1tfLoad x);

        R mdsSample(MdsSample x);

        R meltdownLoad(MeltdownLoad x);

        R spectreV1Load(SpectreV1Load x);

        R squash(Squash x);

        R probeReload(ProbeReload x);

        R leakFound(LeakFound x);

        R exposureStart(ExposureStart x);

        R exposureEnd(ExposureEnd x);
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> v);

    /**
     * Whether equal facts of this kind recur often enough for the log to keep one instance per distinct
     * value (most do: the same context, exit or fill thousands of times). Facts that are nearly always
     * distinct say no, so pooling them does not grow the pool and spend time hashing for nothing.
     */
    default boolean repeats() {
        return true;
    }

    /** The label of the data concerned, or null. */
    default DataLabel label() {
        return null;
    }

    /** The run ended. */
    record RunEnd() implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.runEnd(this);
        }
    }

    /** A program operation starts. */
    record OpStart(Op op) implements EventFact {
        /** A workload's computes draw their length at random (TaskState.next): almost every one is distinct. */
        @Override
        public boolean repeats() {
            return !(op instanceof Op.Compute);
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.opStart(this);
        }
    }

    /**
     * A hardware thread's context changed (every change, including the user-space VMM, a halted vCPU and
     * a thread blocked at its entry gate): what the timeline's lanes are made of.
     */
    record ContextChange(Context context) implements EventFact {
        private static final java.util.concurrent.ConcurrentHashMap<Context, ContextChange> INTERNED =
                new java.util.concurrent.ConcurrentHashMap<>();

        /** The one change to {@code c} (a run changes context on every VM exit and entry, among few contexts). */
        static ContextChange of(Context c) {
            ContextChange f = INTERNED.get(c);
            return f != null ? f : INTERNED.computeIfAbsent(c, ContextChange::new);
        }

        /** Interned by {@link #of}: the machine's pool has nothing to add. */
        @Override
        public boolean repeats() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.contextChange(this);
        }
    }

    /** The scheduler switched the CPU to a task of {@code to}. */
    record TaskSwitch(SecurityDomain to) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.taskSwitch(this);
        }
    }

    /** A VM exit of any cause: its basic exit reason (SDM Vol. 3C, Appendix C). */
    sealed interface VmExitFact extends EventFact {
        /** The basic exit reason number. */
        int basicReason();

        /** The basic exit reason, if it is one Linux names. */
        default Optional<VmxExitReason> reason() {
            return VmxExitReason.fromCode(basicReason());
        }
    }

    /** A VM exit the guest caused (or a host interrupt), handled by {@code handler}. */
    record VmExit(int basicReason, String handler) implements VmExitFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.vmExit(this);
        }
    }

    /**
     * The EXTERNAL_INTERRUPT exit a sibling's stun IPI forced: a mitigation's doing, not the guest's.
     */
    record StunIpiExit(int fromCpu) implements VmExitFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.stunIpiExit(this);
        }

        @Override
        public int basicReason() {
            return VmxExitReason.EXTERNAL_INTERRUPT.code();
        }
    }

    /** The EXTERNAL_INTERRUPT exit core scheduling's reschedule IPI forced. */
    record ReschedIpiExit(int fromCpu) implements VmExitFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.reschedIpiExit(this);
        }

        @Override
        public int basicReason() {
            return VmxExitReason.EXTERNAL_INTERRUPT.code();
        }
    }

    /** VM entry into vCPU {@code vcpu} of VM {@code vm}. */
    record VmEntry(int vm, int vcpu) implements EventFact {
        /** Made once per vCPU task ({@code TaskState.entryFact}): the machine's pool has nothing to add. */
        @Override
        public boolean repeats() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.vmEntry(this);
        }
    }

    /** {@code asi_enter} into {@code space}. */
    record AsiEnter(AddressSpaceId.Restricted space) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.asiEnter(this);
        }
    }

    /** {@code asi_exit}, with its cause; {@code region} is the unmapped region a fault touched, or null. */
    record AsiExit(AsiExitCause cause, String region) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.asiExit(this);
        }
    }

    /** {@code asi_relax}. */
    record AsiRelax() implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.asiRelax(this);
        }
    }

    /** A vCPU halted for {@code cycles} cycles. */
    record Halt(long cycles) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.halt(this);
        }
    }

    /** A kernel access faulted on the restricted table (the #PF that leads to asi_exit). */
    record RestrictedPageFault(String region) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.restrictedPageFault(this);
        }
    }

    /** An architectural access faulted in {@code context}. */
    record PageFault(AccessType type, Context context) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.pageFault(this);
        }
    }

    /**
     * A line came into L1D: for a kernel access, {@code region} and the {@code cause} (handler) it ran for;
     * for a program access, the access {@code type} only ({@code region} null).
     */
    record L1dFill(DataLabel label, AccessType type, String region, String cause) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.l1dFill(this);
        }
    }

    /** An architectural access evicted an L1D line. */
    record L1dEvict(DataLabel label, int set, int way, boolean dirty) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.l1dEvict(this);
        }
    }

    /** CLFLUSH of a line of the program's. */
    record Clflush(DataLabel label) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.clflush(this);
        }
    }

    /** The attacker's probe array flushed (256 lines). */
    record ProbeFlush() implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.probeFlush(this);
        }
    }

    /** A translation cached in the DTLB. */
    record TlbFill(TlbEntry entry) implements EventFact {
        /** One per translation: a fill rarely repeats. */
        @Override
        public boolean repeats() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.tlbFill(this);
        }
    }

    /** A DTLB entry evicted to make room. */
    record TlbEvict(TlbEntry entry) implements EventFact {
        /** One per translation: an eviction rarely repeats. */
        @Override
        public boolean repeats() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.tlbEvict(this);
        }
    }

    /** INVLPG, dropping {@code entries} entries. */
    record Invlpg(int entries) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.invlpg(this);
        }
    }

    /** INVPCID of {@code type}, dropping {@code entries} entries. */
    record Invpcid(int type, int entries) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.invpcid(this);
        }
    }

    /** The TLB entries a MOV to CR3 dropped (bit 63 clear: the new PCID's non-global entries, SDM 4.10.4.1). */
    record Cr3Flush(int entries) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.cr3Flush(this);
        }
    }

    /** Why CR3 is written: a kernel switch, or the program's own MOV to CR3 ({@code mov-cr3}). */
    enum Cr3Reason {
        ASI_ENTER, ASI_EXIT, IDLE_ASI_ENTER, PTI_KERNEL_ENTRY, PTI_RETURN_TO_USER, PROGRAM
    }

    /** CR3 now holds a table with {@code pcid}, written for {@code reason}. */
    record Cr3Switch(Cr3Reason reason, int pcid) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.cr3Switch(this);
        }
    }

    /** L1D flushed by IA32_FLUSH_CMD: {@code lines} lines dropped, {@code fillBuffers} cleared. */
    record L1dFlush(FlushReason why, int lines, int fillBuffers) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.l1dFlush(this);
        }
    }

    /** KVM's software L1D flush: {@code loads} loads of the flush buffer displaced {@code displaced} lines. */
    record SoftwareL1dFlush(FlushReason why, long loads, String buffer, int displaced, int dirty)
            implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.softwareL1dFlush(this);
        }
    }

    /** VERW cleared {@code fillBuffers} fill buffers. */
    record Verw(FlushReason why, int fillBuffers) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.verw(this);
        }
    }

    /** A sibling stunned by {@code byCpu} (sent the stun IPI). */
    record Stun(int byCpu) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.stun(this);
        }
    }

    /** A sibling that runs no guest code held before its next VM entry by {@code byCpu}, with no IPI. */
    record StunHeld(int byCpu, Context context) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.stunHeld(this);
        }
    }

    /** A stunned sibling released by {@code byCpu}. */
    record Unstun(int byCpu) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.unstun(this);
        }
    }

    /** A host process's syscall into {@code handler}. */
    record Syscall(String handler) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.syscall(this);
        }
    }

    /** A host interrupt handled by {@code handler}. */
    record Interrupt(String handler) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.interrupt(this);
        }
    }

    /** What a transient load got. */
    sealed interface Outcome {
        /** One method per outcome: a new outcome does not compile until every renderer handles it. */
        interface Visitor<R> {
            R noData(NoData x);

            R notInL1d(NotInL1d x);

            R buffersEmpty(BuffersEmpty x);

            R notMapped(NotMapped x);

            R encoded(Encoded x);

            R probeUnmapped(ProbeUnmapped x);
        }

        /** Calls the visitor's method for this outcome. */
        <R> R accept(Visitor<R> v);

        /** The load read nothing (the walk did not reach a terminal fault with an address). */
        record NoData() implements Outcome {
            @Override
            public <R> R accept(Visitor<R> v) {
                return v.noData(this);
            }
        }

        /** The line was in neither this core's L1D nor its fill buffers. */
        record NotInL1d() implements Outcome {
            @Override
            public <R> R accept(Visitor<R> v) {
                return v.notInL1d(this);
            }
        }

        /** The fill buffers held nothing to sample. */
        record BuffersEmpty() implements Outcome {
            @Override
            public <R> R accept(Visitor<R> v) {
                return v.buffersEmpty(this);
            }
        }

        /** The current table does not map the address. */
        record NotMapped(AddressSpaceId space) implements Outcome {
            @Override
            public <R> R accept(Visitor<R> v) {
                return v.notMapped(this);
            }
        }

        /** Read {@code value} of {@code label} and encoded it in probe line {@code value}. */
        record Encoded(int value, DataLabel label) implements Outcome {
            @Override
            public <R> R accept(Visitor<R> v) {
                return v.encoded(this);
            }
        }

        /** Read {@code value}, but the probe line is not mapped: nothing encoded. */
        record ProbeUnmapped(int value, DataLabel label) implements Outcome {
            @Override
            public <R> R accept(Visitor<R> v) {
                return v.probeUnmapped(this);
            }
        }
    }

    /** A transient load of the attacker's. */
    sealed interface TransientLoad extends EventFact {
        /** The mechanism. */
        Leak.Mechanism mechanism();

        /** What it got. */
        Outcome outcome();
    }

    /** L1TF: a terminal fault on a guest PTE ({@code reservedBit}: present with bit 51) naming host {@code hostAddress}. */
    record L1tfLoad(boolean reservedBit, long hostAddress, DataLabel label, Outcome outcome) implements TransientLoad {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.l1tfLoad(this);
        }

        @Override
        public Leak.Mechanism mechanism() {
            return Leak.Mechanism.L1TF;
        }
    }

    /** MDS: a fill-buffer sample. */
    record MdsSample(DataLabel label, Outcome outcome) implements TransientLoad {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.mdsSample(this);
        }

        @Override
        public Leak.Mechanism mechanism() {
            return Leak.Mechanism.MDS;
        }
    }

    /** How a Meltdown load found its translation. */
    enum MeltdownPath {
        TLB_HIT, GLOBAL_TLB_HIT, NOT_MAPPED, SUPERVISOR
    }

    /** Meltdown: a user load of kernel {@code virtualAddress}; {@code tlbEntry} is the DTLB entry it hit, or null. */
    record MeltdownLoad(long virtualAddress, MeltdownPath path, TlbEntry tlbEntry, DataLabel label, Outcome outcome)
            implements TransientLoad {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.meltdownLoad(this);
        }

        @Override
        public Leak.Mechanism mechanism() {
            return Leak.Mechanism.MELTDOWN;
        }
    }

    /** Spectre v1: the gadget's out-of-bounds load in a KVM exit handler ({@code exitHandler}) or, if null, a syscall. */
    record SpectreV1Load(long virtualAddress, String exitHandler, DataLabel label, Outcome outcome)
            implements TransientLoad {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.spectreV1Load(this);
        }

        @Override
        public Leak.Mechanism mechanism() {
            return Leak.Mechanism.SPECTRE_V1;
        }
    }

    /** The transient load of {@code mechanism} squashed. */
    record Squash(Leak.Mechanism mechanism) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.squash(this);
        }
    }

    /** Flush+reload: the probe lines found fast. */
    record ProbeReload(List<Integer> fastLines) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.probeReload(this);
        }
    }

    /** A leak realised. */
    record LeakFound(Leak leak) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.leakFound(this);
        }

        @Override
        public DataLabel label() {
            return leak.victimLabel();
        }
    }

    /** Victim data entered a core's L1D or fill buffers while {@code attacker} runs there. */
    record ExposureStart(int core, SecurityDomain attacker, DataLabel victim) implements EventFact {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.exposureStart(this);
        }

        @Override
        public DataLabel label() {
            return victim;
        }
    }

    /** An exposure window closed. */
    record ExposureEnd(ExposureWindow window) implements EventFact {
        /** Each exposure window closes once. */
        @Override
        public boolean repeats() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.exposureEnd(this);
        }

        @Override
        public DataLabel label() {
            return window.victimLabel();
        }
    }
}
