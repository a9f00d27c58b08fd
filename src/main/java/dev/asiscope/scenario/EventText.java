package dev.asiscope.scenario;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.engine.AsiExitCause;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventFact.Outcome;
import dev.asiscope.sim.engine.FlushReason;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.MissingMitigation;
import dev.asiscope.sim.tlb.TlbEntry;

/**
 * The words a person reads about an event: the one renderer of the engine's typed {@link EventFact}s (the
 * event list, the text and JSON reports, breakpoints that match text, the inspector). The engine never
 * builds these strings; they are made here, only when something shows or writes them.
 */
public final class EventText {
    private EventText() {
    }

    /** An event kind's name for lists, filters and the one-line form, e.g. {@code "ASI exit"}. */
    public static String title(EventKind k) {
        return switch (k) {
            case OP -> "operation";
            case VM_EXIT -> "VM exit";
            case VM_ENTRY -> "VM entry";
            case ASI_ENTER -> "ASI enter";
            case ASI_EXIT -> "ASI exit";
            case ASI_RELAX -> "ASI relax";
            case PAGE_FAULT -> "page fault";
            case CR3_WRITE -> "CR3 write";
            case TLB_FILL -> "TLB fill";
            case TLB_EVICT -> "TLB evict";
            case TLB_FLUSH -> "TLB flush";
            case CACHE_FILL -> "L1D fill";
            case CACHE_EVICT -> "L1D evict";
            case CLFLUSH -> "CLFLUSH";
            case L1D_FLUSH -> "L1D flush";
            case VERW -> "VERW";
            case STUN -> "stun";
            case UNSTUN -> "unstun";
            case CONTEXT_SWITCH -> "context switch";
            case CONTEXT_CHANGE -> "context";
            case SYSCALL -> "syscall";
            case INTERRUPT -> "interrupt";
            case TRANSIENT_LOAD -> "transient load";
            case SQUASH -> "squash";
            case PROBE_RELOAD -> "probe reload";
            case LEAK -> "leak";
            case EXPOSURE_START -> "exposure start";
            case EXPOSURE_END -> "exposure end";
            case HALT -> "halt";
            case END -> "end of run";
        };
    }

    /** A transient-execution mechanism's name, e.g. {@code "Spectre v1"}. */
    public static String title(Leak.Mechanism m) {
        return switch (m) {
            case L1TF -> "L1TF";
            case MDS -> "MDS";
            case MELTDOWN -> "Meltdown";
            case SPECTRE_V1 -> "Spectre v1";
        };
    }

    /** One line for logs and the text report: cycle, CPU, kind, detail, address and label. */
    public static String describe(Event e) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%,12d  %-4s %-15s", e.cycle(), e.cpu() < 0 ? "-" : "cpu" + e.cpu(), title(e.kind())));
        String detail = detail(e.fact());
        if (detail != null && !detail.isEmpty()) {
            sb.append(' ').append(detail);
        }
        if (e.address() >= 0) {
            sb.append(" @0x").append(Long.toHexString(e.address()));
        }
        if (e.label() != null) {
            sb.append(" [").append(e.label().name()).append(']');
        }
        return sb.toString();
    }

    /** The event's detail in words (the cause of an ASI exit, the exit reason, ...), or null if it has none. */
    public static String detail(Event e) {
        return detail(e.fact());
    }

    /** {@code fact} in words, or null for a fact that has no words beyond its kind and label. */
    public static String detail(EventFact fact) {
        if (fact == null) {
            return null;
        }
        return fact.accept(WORDS);
    }

    /** The words of every kind of fact (a visitor, so a new kind does not compile until it has words). */
    private static final EventFact.Visitor<String> WORDS = new EventFact.Visitor<>() {
        @Override
        public String runEnd(EventFact.RunEnd x) {
            return "end of run";
        }

        @Override
        public String opStart(EventFact.OpStart x) {
            return OpText.name(x.op());
        }

        @Override
        public String contextChange(EventFact.ContextChange x) {
            return ContextText.of(x.context());
        }

        @Override
        public String taskSwitch(EventFact.TaskSwitch x) {
            return "to " + x.to().id();
        }

        @Override
        public String vmExit(EventFact.VmExit x) {
            return x.handler() + " (" + x.basicReason() + ")";
        }

        @Override
        public String stunIpiExit(EventFact.StunIpiExit x) {
            return "EXTERNAL_INTERRUPT (stun IPI from cpu" + x.fromCpu() + ")";
        }

        @Override
        public String reschedIpiExit(EventFact.ReschedIpiExit x) {
            return "EXTERNAL_INTERRUPT (1): reschedule IPI from cpu" + x.fromCpu()
                    + " (core scheduling)";
        }

        @Override
        public String vmEntry(EventFact.VmEntry x) {
            return "vm" + x.vm() + "/vcpu" + x.vcpu();
        }

        @Override
        public String asiEnter(EventFact.AsiEnter x) {
            return x.space() instanceof dev.asiscope.sim.security.AddressSpaceId.RestrictedIdle
                    ? "idle class (global non-sensitive only)"
                    : "restricted space " + AddressSpaceText.className(x.space());
        }

        @Override
        public String asiExit(EventFact.AsiExit x) {
            return cause(x.cause());
        }

        @Override
        public String asiRelax(EventFact.AsiRelax x) {
            return "asi_relax";
        }

        @Override
        public String halt(EventFact.Halt x) {
            return "vCPU halted for " + x.cycles() + " cycles";
        }

        @Override
        public String restrictedPageFault(EventFact.RestrictedPageFault x) {
            return "not mapped in the restricted page table (" + x.region() + ")";
        }

        @Override
        public String pageFault(EventFact.PageFault x) {
            return x.type().id() + " fault in " + ContextText.of(x.context());
        }

        @Override
        public String l1dFill(EventFact.L1dFill x) {
            return x.region() != null ? x.region() + " (" + x.cause() + ")" : x.type().id();
        }

        @Override
        public String l1dEvict(EventFact.L1dEvict x) {
            return "set " + x.set() + " way " + x.way() + (x.dirty() ? " (dirty, written back)" : "");
        }

        @Override
        public String clflush(EventFact.Clflush x) {
            return null;
        }

        @Override
        public String probeFlush(EventFact.ProbeFlush x) {
            return "probe array flushed (256 lines)";
        }

        @Override
        public String tlbFill(EventFact.TlbFill x) {
            return tlb(x.entry());
        }

        @Override
        public String tlbEvict(EventFact.TlbEvict x) {
            return tlb(x.entry());
        }

        @Override
        public String invlpg(EventFact.Invlpg x) {
            return "INVLPG (" + x.entries() + " entries)";
        }

        @Override
        public String invpcid(EventFact.Invpcid x) {
            return "INVPCID type " + x.type() + " (" + x.entries() + " entries)";
        }

        @Override
        public String cr3Flush(EventFact.Cr3Flush x) {
            return "MOV to CR3: " + x.entries() + " entries";
        }

        @Override
        public String cr3Switch(EventFact.Cr3Switch x) {
            return cr3Reason(x.reason()) + " (PCID " + x.pcid() + ")";
        }

        @Override
        public String l1dFlush(EventFact.L1dFlush x) {
            return why(x.why()) + ": " + x.lines() + " lines, " + x.fillBuffers() + " fill buffers";
        }

        @Override
        public String softwareL1dFlush(EventFact.SoftwareL1dFlush x) {
            return why(x.why()) + ": software fallback, " + x.loads() + " loads of "
                    + x.buffer() + ", " + x.displaced() + " lines displaced (" + x.dirty() + " dirty, written back)";
        }

        @Override
        public String verw(EventFact.Verw x) {
            return (x.why() instanceof FlushReason.Explicit ? "explicit VERW" : why(x.why())) + ": " + x.fillBuffers()
                    + " fill buffers cleared";
        }

        @Override
        public String stun(EventFact.Stun x) {
            return "stunned by cpu" + x.byCpu();
        }

        @Override
        public String stunHeld(EventFact.StunHeld x) {
            return "held before its next VM entry by cpu" + x.byCpu() + " (no IPI: "
                    + ContextText.of(x.context()) + ", not running guest code)";
        }

        @Override
        public String unstun(EventFact.Unstun x) {
            return "released by cpu" + x.byCpu();
        }

        @Override
        public String syscall(EventFact.Syscall x) {
            return x.handler();
        }

        @Override
        public String interrupt(EventFact.Interrupt x) {
            return x.handler();
        }

        @Override
        public String l1tfLoad(EventFact.L1tfLoad x) {
            return "L1TF terminal fault (" + (x.reservedBit() ? "present PTE, reserved bit 51"
                    : "not-present PTE") + ") -> host 0x" + Long.toHexString(x.hostAddress()) + ": " + outcome(x.outcome());
        }

        @Override
        public String mdsSample(EventFact.MdsSample x) {
            return "MDS fill-buffer sample: " + outcome(x.outcome());
        }

        @Override
        public String meltdownLoad(EventFact.MeltdownLoad x) {
            return "Meltdown load of 0x" + Long.toHexString(x.virtualAddress()) + " ("
                    + meltdownPath(x.path()) + "): " + outcome(x.outcome());
        }

        @Override
        public String spectreV1Load(EventFact.SpectreV1Load x) {
            return "Spectre v1 out-of-bounds load of 0x" + Long.toHexString(x.virtualAddress())
                    + " in the " + (x.exitHandler() != null ? x.exitHandler() + " exit handler" : "syscall") + ": "
                    + outcome(x.outcome());
        }

        @Override
        public String squash(EventFact.Squash x) {
            return squashText(x.mechanism());
        }

        @Override
        public String probeReload(EventFact.ProbeReload x) {
            return x.fastLines().isEmpty() ? "no fast probe line"
                    : "fast probe lines: " + String.join(", ", x.fastLines().stream().map(i -> "0x" + Integer.toHexString(i))
                            .toList());
        }

        @Override
        public String leakFound(EventFact.LeakFound x) {
            return title(x.leak().mechanism()) + ": " + x.leak().attackerDomain().id()
                    + " recovered 0x" + Integer.toHexString(x.leak().value()) + " of " + x.leak().victimLabel().name();
        }

        @Override
        public String exposureStart(EventFact.ExposureStart x) {
            return "core" + x.core() + ": " + x.victim().name()
                    + " in L1D/fill buffers while " + x.attacker().id() + " runs";
        }

        @Override
        public String exposureEnd(EventFact.ExposureEnd x) {
            return "core" + x.window().core() + ": exposure of "
                    + (x.window().endCycle() - x.window().startCycle()) + " cycles";
        }
    };

    private static final AsiExitCause.Visitor<String> CAUSES = new AsiExitCause.Visitor<>() {
        @Override
        public String pageFault(AsiExitCause.PageFault x) {
            return "page fault on " + x.region() + " in the " + x.handler() + " handler";
        }

        @Override
        public String returnToVmm(AsiExitCause.ReturnToVmm x) {
            return "return to the user-space VMM (" + x.handler() + ")";
        }

        @Override
        public String haltSchedule(AsiExitCause.HaltSchedule x) {
            return "schedule() while the vCPU is halted (" + x.handler() + ")";
        }

        @Override
        public String contextSwitch(AsiExitCause.ContextSwitch x) {
            return "context switch to " + x.to().id();
        }

        @Override
        public String forcedIdle(AsiExitCause.ForcedIdle x) {
            return "schedule(): forced idle by core scheduling";
        }

        @Override
        public String explicit(AsiExitCause.Explicit x) {
            return "explicit asi_exit";
        }
    };

    /**
     * What a CPU ran when it filled a cache line, e.g. {@code guest vm1/vcpu0 kernel} or
     * {@code host-kernel-full (vm1) in EPT_VIOLATION} (the handler, in a host-kernel context); "-" if unknown.
     */
    public static String fillContext(Context context, String handler) {
        if (context == null) {
            return "-";
        }
        return ContextText.of(context, handler);
    }

    /** An address space (page table) by name, e.g. {@code full}, {@code restricted:vm1}, {@code guest}; "-" if none. */
    public static String space(AddressSpaceId a) {
        return a == null ? "-" : AddressSpaceText.of(a);
    }

    /** What let a leak through ({@link MissingMitigation}), as the second link of its causal chain says it. */
    public static String missing(MissingMitigation m) {
        if (m instanceof MissingMitigation.NoKpti) {
            return "no KPTI: the kernel is mapped (supervisor-only) in the user page table, and Meltdown ignores U/S";
        }
        if (m instanceof MissingMitigation.KptiGlobalKernel) {
            return "KPTI is on, but the kernel mapping kept the Global bit: its TLB entry survived the switch to the"
                    + " user PCID";
        }
        if (m instanceof MissingMitigation.GadgetOnFullTable g) {
            return gadgetPath(g.exitHandler()) + " ran on the full kernel page table, which maps the secret (no ASI on"
                    + " this path)";
        }
        if (m instanceof MissingMitigation.SecretMappedRestricted r) {
            String where = r.region() == null ? "the line" : "region " + r.region() + " (" + r.sensitivity().id()
                    + ", data labelled " + r.regionLabel() + ")";
            return gadgetPath(r.exitHandler()) + " ran on the restricted page table "
                    + AddressSpaceText.className(r.space()) + ", but "
                    + where + " is mapped there: secret data classified non-sensitive";
        }
        if (m instanceof MissingMitigation.FillBuffersNotCleared f) {
            return "the fill buffers were not cleared (no VERW or L1D flush) before returning to the guest ("
                    + PolicyText.of(f.policy()) + ")";
        }
        if (m instanceof MissingMitigation.NoAsiExitBeforeEntry) {
            return "ASI did not flush: no ASI exit was recorded before this VM entry";
        }
        if (m instanceof MissingMitigation.NoL1dFlush n) {
            return "no L1D flush before VM entry (" + PolicyText.of(n.policy()) + ")";
        }
        if (m instanceof MissingMitigation.CondFlushSkipped) {
            return "l1d-flush-cond skipped the flush: nothing set KVM's flush request since the line was loaded";
        }
        if (m instanceof MissingMitigation.LoadedAfterFlush) {
            return "the line was loaded after the last L1D flush";
        }
        MissingMitigation.Sibling sib = (MissingMitigation.Sibling) m;
        String who = "the sibling thread cpu" + sib.cpu() + " (" + fillContext(sib.context(), sib.handler()) + ")";
        return who + switch (sib.why()) {
            case SHARED_FILL_BUFFERS -> " filled the shared fill buffers concurrently; VERW on this thread cannot clear"
                    + " them";
            case ASI_WITHOUT_STUN -> " ran on the full page table after an ASI exit while this thread kept running the"
                    + " guest (ASI without sibling stunning)";
            case ASI_TOUCHED -> " touched the line while this thread ran the guest";
            case CORE_SCHEDULING -> " handled a VM exit in the host kernel while this thread ran the guest: core"
                    + " scheduling does not separate guest and host kernel on siblings";
            case SMT -> " brought it into the shared L1D while this thread ran the guest: SMT is on, and a flush"
                    + " before this thread's VM entry cannot help";
        };
    }

    private static String gadgetPath(String exitHandler) {
        return exitHandler != null ? "the KVM exit handler (" + exitHandler + ")" : "the syscall";
    }

    /** A leak's causal chain as four numbered sentences, oldest link first, for reports and the window. */
    public static String explain(Leak l) {
        Leak.LineSource src = l.source();
        return "1. cycle " + src.cycle() + ": cpu" + src.cpu() + " (" + fillContext(src.context(), src.handler()) + ", "
                + space(src.addressSpace()) + " page table) brought line 0x" + Long.toHexString(l.physicalAddress() & ~63L)
                + " [" + l.victimLabel().name() + "] into L1D (" + src.originId() + " access)"
                + (src.cause() == null ? "" : " (" + src.cause() + ")") + ".\n"
                + "2. " + missing(l.missingMitigation()) + ".\n"
                + "3. cycle " + l.transientCycle() + ": cpu" + l.attackerCpu() + " (" + l.attackerDomain().id()
                + (l.attackerVcpu() >= 0 ? "/vcpu" + l.attackerVcpu() : "") + ") " + title(l.mechanism())
                + " transient load read 0x" + Integer.toHexString(l.value()) + " from 0x"
                + Long.toHexString(l.physicalAddress()) + " and touched probe line " + l.value()
                + "; the load was squashed, the probe fill stayed.\n"
                + "4. cycle " + l.reloadCycle() + ": flush+reload found probe line " + l.value()
                + " fast: value recovered.";
    }

    /** An ASI exit's cause in words, e.g. {@code page fault on host-secret in the EPT_VIOLATION handler}. */
    public static String cause(AsiExitCause c) {
        return c.accept(CAUSES);
    }

    private static final FlushReason.Visitor<String> REASONS = new FlushReason.Visitor<>() {
        @Override
        public String explicit(FlushReason.Explicit x) {
            return "explicit l1d-flush";
        }

        @Override
        public String asiPostEnter(FlushReason.AsiPostEnter x) {
            return (x.idle() ? "Idle-ASI" : "ASI") + " post-enter (taints "
                    + AsiTaintText.of(x.taints()) + ")";
        }

        @Override
        public String entryAlways(FlushReason.EntryAlways x) {
            return "vmentry_l1d_flush=always";
        }

        @Override
        public String entryCond(FlushReason.EntryCond x) {
            return "vmentry_l1d_flush=cond (flush requested by "
                    + (x.requestedBy() == null ? "vcpu load" : x.requestedBy()) + ")";
        }

        @Override
        public String verwBeforeEntry(FlushReason.VerwBeforeEntry x) {
            return "VERW before VM entry";
        }

        @Override
        public String verwToUser(FlushReason.VerwToUser x) {
            return "VERW on return to user";
        }
    };

    /** Why a flush or VERW ran, in the kernel's words. */
    public static String why(FlushReason r) {
        return r.accept(REASONS);
    }

    private static final Outcome.Visitor<String> OUTCOMES = new Outcome.Visitor<>() {
        @Override
        public String noData(Outcome.NoData x) {
            return "no data";
        }

        @Override
        public String notInL1d(Outcome.NotInL1d x) {
            return "line not in this core's L1D or fill buffers: no data";
        }

        @Override
        public String buffersEmpty(Outcome.BuffersEmpty x) {
            return "fill buffers empty";
        }

        @Override
        public String notMapped(Outcome.NotMapped x) {
            return "not mapped in the current (" + AddressSpaceText.of(x.space()) + ") page table: no data";
        }

        @Override
        public String encoded(Outcome.Encoded x) {
            return "read 0x" + Integer.toHexString(x.value()) + " [" + x.label().name()
                    + "], encoded in probe line " + x.value();
        }

        @Override
        public String probeUnmapped(Outcome.ProbeUnmapped x) {
            return "read 0x" + Integer.toHexString(x.value()) + " [" + x.label().name()
                    + "], but probe line " + x.value() + " is not mapped in the current page table: nothing encoded";
        }
    };

    /** What a transient load got, in words. */
    public static String outcome(Outcome o) {
        return o.accept(OUTCOMES);
    }

    /** The kernel's name for a CR3 switch. */
    private static String cr3Reason(EventFact.Cr3Reason r) {
        return switch (r) {
            case ASI_ENTER -> "asi_enter";
            case ASI_EXIT -> "asi_exit";
            case IDLE_ASI_ENTER -> "idle ASI enter";
            case PTI_KERNEL_ENTRY -> "PTI: kernel entry";
            case PTI_RETURN_TO_USER -> "PTI: return to user";
            case PROGRAM -> "MOV to CR3";
        };
    }

    /** How a Meltdown load found its translation, in words. */
    private static String meltdownPath(EventFact.MeltdownPath p) {
        return switch (p) {
            case TLB_HIT -> "TLB hit";
            case GLOBAL_TLB_HIT -> "TLB hit on a global entry";
            case NOT_MAPPED -> "not mapped in this page table";
            case SUPERVISOR -> "mapped (supervisor-only)";
        };
    }

    private static String squashText(Leak.Mechanism m) {
        return switch (m) {
            case L1TF -> "L1TF load squashed (guest #PF)";
            case MDS -> "MDS load squashed";
            case MELTDOWN -> "Meltdown load squashed (#PF)";
            case SPECTRE_V1 -> "mispredicted bounds check squashed";
        };
    }

    private static String tlb(TlbEntry e) {
        return (e.vpid() != 0 ? "vpid " + e.vpid() + " " : "") + "pcid " + e.pcid() + " -> 0x"
                + Long.toHexString(e.physicalBase()) + (e.global() ? " global" : "");
    }
}
