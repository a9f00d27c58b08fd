package dev.asiscope.sim.kernel;

import java.util.HashMap;
import java.util.Map;

/**
 * The default host handler of each VMX exit reason, following KVM (arch/x86/kvm/vmx/vmx.c; docs/model.md,
 * sections 4 and 6): fastpath MSR_WRITE and PREEMPTION_TIMER touch only non-sensitive vCPU and per-CPU state;
 * EXTERNAL_INTERRUPT runs an IRQ handler over non-sensitive per-CPU data and sets the L1D-flush request;
 * APIC_ACCESS is emulated and sets it too; EPT_VIOLATION faults memory in through the host mm (sensitive);
 * IO_INSTRUCTION and EPT_MISCONFIG (MMIO) complete in the user-space VMM; HLT blocks the vCPU and schedules.
 * Reasons not listed touch the vCPU state and VMCS only. Codes are the VMX basic exit reasons of Linux
 * {@code uapi/asm/vmx.h}.
 */
public final class KvmExitHandlers {
    private final Map<Integer, Handler> handlers;

    private KvmExitHandlers(Map<Integer, Handler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** The defaults described in the class comment (and in docs/model.md). */
    public static KvmExitHandlers defaults() {
        Map<Integer, Handler> m = new HashMap<>();
        HandlerStep vcpu = HandlerStep.read("vcpu-state", 2);
        HandlerStep vmcs = HandlerStep.read("vmcs", 1);
        m.put(0, Handler.of("EXCEPTION_NMI", 300, vcpu, vmcs));
        // The IRQ handler's own data (vector table, irq descriptors, statistics) is ordinary kernel memory:
        // under ASI it is mapped in the restricted space, so the interrupt is handled there without an
        // asi_exit (the ASI RFCs run interrupts restricted unless they touch sensitive data; 2024 series:
        // only __GFP_SENSITIVE (user) allocations are sensitive). A handler that touches sensitive data
        // (e.g. irq-data, socket buffers) is a scenario's explicit choice.
        m.put(1, Handler.of("EXTERNAL_INTERRUPT", 900, HandlerStep.read("percpu", 4)).settingFlushRequest());
        m.put(7, Handler.of("INTERRUPT_WINDOW", 200, vcpu, vmcs));
        m.put(10, Handler.of("CPUID", 300, vcpu, vmcs));
        m.put(12, Handler.of("HLT", 600, vcpu, HandlerStep.read("scheduler", 4)).settingFlushRequest()
                .blocking(20_000));
        m.put(18, Handler.of("VMCALL", 800, vcpu, vmcs));
        m.put(28, Handler.of("CR_ACCESS", 300, vcpu, vmcs));
        m.put(29, Handler.of("DR_ACCESS", 200, vcpu, vmcs));
        m.put(30, Handler.of("IO_INSTRUCTION", 500, vcpu, vmcs).settingFlushRequest().toUserspace(6_000));
        m.put(31, Handler.of("MSR_READ", 300, vcpu));
        m.put(32, Handler.of("MSR_WRITE", 400, vcpu, HandlerStep.read("percpu", 1)));
        m.put(40, Handler.of("PAUSE_INSTRUCTION", 200, vcpu));
        // APIC_ACCESS is completed by the instruction emulator, and x86_emulate_instruction() sets
        // vcpu->arch.l1tf_flush_l1d (arch/x86/kvm/x86.c): emulation may touch arbitrary host memory.
        m.put(44, Handler.of("APIC_ACCESS", 600, vcpu, vmcs).settingFlushRequest());
        m.put(48, Handler.of("EPT_VIOLATION", 3_000, vcpu, HandlerStep.read("mm", 4),
                HandlerStep.write("guest-memory", 1)));
        m.put(49, Handler.of("EPT_MISCONFIG", 1_500, vcpu, vmcs).settingFlushRequest().toUserspace(8_000));
        m.put(52, Handler.of("PREEMPTION_TIMER", 300, vcpu, HandlerStep.read("percpu", 1)));
        m.put(55, Handler.of("XSETBV", 200, vcpu));
        m.put(56, Handler.of("APIC_WRITE", 700, vcpu, vmcs));
        return new KvmExitHandlers(m);
    }

    /** These defaults with some reasons' handlers replaced. */
    public KvmExitHandlers with(Map<Integer, Handler> overrides) {
        Map<Integer, Handler> m = new HashMap<>(handlers);
        m.putAll(overrides);
        return new KvmExitHandlers(m);
    }

    /** The handler of exit reason {@code code}; unknown reasons get a vCPU-state-only handler. */
    public Handler handlerFor(int code, String name) {
        Handler h = handlers.get(code);
        if (h != null) {
            return h;
        }
        return Handler.of(name, 300, HandlerStep.read("vcpu-state", 2), HandlerStep.read("vmcs", 1));
    }

    public Map<Integer, Handler> all() {
        return handlers;
    }
}
