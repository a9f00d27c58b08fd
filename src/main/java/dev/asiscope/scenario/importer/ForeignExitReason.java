package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A guest-exit reason printed by KVM on a non-x86 host (RISC-V, arm64, LoongArch), and the VMX exit
 * reason whose KVM handler does the same job, when there is one.
 *
 * <p>The model only has VMX handlers. A foreign reason is mapped only where the host does the same work
 * for the same cause:
 * <ul>
 *   <li>second-stage translation faults (RISC-V {@code *_GUEST_PAGE_FAULT}, arm64 {@code DABT_LOW} /
 *       {@code IABT_LOW}, LoongArch {@code Memory read/store/modify}, {@code Ifecth}) are what an
 *       {@code EPT_VIOLATION} is on VMX: the guest-physical address has no (or a too weak) second-level
 *       mapping and KVM either faults the page in or emulates MMIO (Intel SDM Vol. 3C 29.3.3; RISC-V
 *       Privileged ISA, H extension, "guest-page faults"; {@code arch/riscv/kvm/vcpu_exit.c
 *       gstage_page_fault()}, {@code arch/arm64/kvm/mmu.c kvm_handle_guest_abort()},
 *       {@code arch/loongarch/kvm/exit.c kvm_handle_read_fault()/kvm_handle_write_fault()});</li>
 *   <li>hypercalls (RISC-V {@code SUPERVISOR_SYSCALL} = {@code ecall} from VS-mode, an SBI call;
 *       arm64 {@code HVC64}/{@code HVC32}; LoongArch {@code Hypercall}) are {@code VMCALL};</li>
 *   <li>host interrupts taken while the guest ran (RISC-V {@code IRQ_S_*}, arm64 {@code IRQ},
 *       LoongArch {@code Interrupt}) are {@code EXTERNAL_INTERRUPT};</li>
 *   <li>arm64 {@code WFx} (WFI/WFE trapped) is the idle instruction, {@code HLT};</li>
 *   <li>guest exceptions the host intercepts and reflects back into the guest (RISC-V
 *       {@code INST_ILLEGAL}, misaligned and access faults, handled by
 *       {@code kvm_riscv_vcpu_trap_redirect()}; LoongArch {@code FP/LSX/LASX/LBT Disabled}, the lazy
 *       FPU switch x86 KVM once did with a #NM intercept) are {@code EXCEPTION_NMI}, the VMX exit for
 *       an exception in the exception bitmap (SDM Vol. 3C 25.2).</li>
 * </ul>
 * Reasons that cover several unrelated VMX exits at once (RISC-V {@code VIRTUAL_INST_FAULT}: WFI, CSR
 * accesses, ...; arm64 {@code SYS64}: any system-register trap; LoongArch {@code Privilege Error}: CPUCFG,
 * CSR, IOCSR, IDLE, cache ops) are recognised but {@linkplain #equivalent() not mapped}: the import says so
 * and the replay leaves them out rather than guess.
 *
 * @param name       the printed name, normalised (upper case, blanks as {@code _}, {@code EC_} prefix removed)
 * @param arch       {@code RISC-V}, {@code arm64} or {@code LoongArch}
 * @param equivalent the VMX reason with the same handler, or null when there is no single one
 * @param why        one line: what the exit is and why it maps (or does not)
 */
public record ForeignExitReason(String name, String arch, VmxExitReason equivalent, String why) {

    private static final Map<String, ForeignExitReason> TABLE = new HashMap<>();

    static {
        // RISC-V: scause values, names as perf prints them (tools/perf/.../riscv_trap_types.h, kvm_riscv_trap_class)
        String gpf = "G-stage (second-stage) page fault, handled by gstage_page_fault(): the EPT violation of RISC-V";
        add("INST_GUEST_PAGE_FAULT", "RISC-V", VmxExitReason.EPT_VIOLATION, gpf);
        add("LOAD_GUEST_PAGE_FAULT", "RISC-V", VmxExitReason.EPT_VIOLATION, gpf);
        add("STORE_GUEST_PAGE_FAULT", "RISC-V", VmxExitReason.EPT_VIOLATION, gpf);
        add("SUPERVISOR_SYSCALL", "RISC-V", VmxExitReason.VMCALL,
                "ecall from VS-mode (an SBI call), handled by kvm_riscv_vcpu_sbi_ecall(): a hypercall");
        String redirect = "guest exception intercepted and reflected into the guest (kvm_riscv_vcpu_trap_redirect())";
        for (String n : new String[] {"INST_ILLEGAL", "ILLEGAL_INST", "INST_MISALIGNED", "LOAD_MISALIGNED",
            "STORE_MISALIGNED", "INST_ACCESS", "LOAD_ACCESS", "STORE_ACCESS", "BREAKPOINT"}) {
            add(n, "RISC-V", VmxExitReason.EXCEPTION_NMI, redirect);
        }
        String irq = "host interrupt taken while the guest ran";
        for (String n : new String[] {"IRQ_S_SOFT", "IRQ_S_TIMER", "IRQ_S_EXT", "IRQ_S_GEXT", "IRQ_PMU_OVF"}) {
            add(n, "RISC-V", VmxExitReason.EXTERNAL_INTERRUPT, irq);
        }
        add("VIRTUAL_INST_FAULT", "RISC-V", null, "virtual-instruction exception: covers WFI (like HLT), CSR "
                + "accesses (like RDMSR/WRMSR) and other emulated instructions, so no single VMX exit");
        add("HYPERVISOR_SYSCALL", "RISC-V", null, "ecall from HS-mode: not an exit KVM handles for a guest");

        // arm64: ESR_ELx exception classes (arch/arm64/include/asm/esr.h), as printed by perf and bcc
        String abort = "stage-2 abort, handled by kvm_handle_guest_abort(): the EPT violation of arm64";
        add("DABT_LOW", "arm64", VmxExitReason.EPT_VIOLATION, abort);
        add("IABT_LOW", "arm64", VmxExitReason.EPT_VIOLATION, abort);
        add("HVC64", "arm64", VmxExitReason.VMCALL, "HVC from the guest: a hypercall");
        add("HVC32", "arm64", VmxExitReason.VMCALL, "HVC from the guest: a hypercall");
        add("WFX", "arm64", VmxExitReason.HLT, "WFI/WFE trapped: the guest idles");
        add("IRQ", "arm64", VmxExitReason.EXTERNAL_INTERRUPT, irq);
        add("SYS64", "arm64", null, "system-register trap: covers many registers, read and write, so no single "
                + "VMX exit");

        // LoongArch: EXCCODE_* names printed by perf (tools/perf/arch/loongarch/util/kvm-stat.c)
        String tlb = "guest TLB exception for a GPA without a second-level mapping: the EPT violation of LoongArch";
        for (String n : new String[] {"MEMORY_READ", "MEMORY_STORE", "MEMORY_MODIFY", "IFECTH", "IFETCH"}) {
            add(n, "LoongArch", VmxExitReason.EPT_VIOLATION, tlb);
        }
        add("HYPERCALL", "LoongArch", VmxExitReason.VMCALL, "HVCL from the guest: a hypercall");
        add("INTERRUPT", "LoongArch", VmxExitReason.EXTERNAL_INTERRUPT, irq);
        String fpu = "lazy FPU/vector enable on first use: a guest exception intercepted by the host (x86 KVM did "
                + "the same with a #NM intercept)";
        for (String n : new String[] {"FP_DISABLED", "LSX_DISABLED", "LASX_DISABLED", "LBT_DISABLED"}) {
            add(n, "LoongArch", VmxExitReason.EXCEPTION_NMI, fpu);
        }
        add("PRIVILEGE_ERROR", "LoongArch", null, "guest sensitive privileged resource (CPUCFG, CSR, IOCSR, IDLE, "
                + "cache ops): several VMX exits, no single one");
    }

    private static void add(String name, String arch, VmxExitReason eq, String why) {
        TABLE.put(name, new ForeignExitReason(name, arch, eq, why));
    }

    /**
     * The import notes for the non-x86 names met ({@code printed name -> reason}) and the exit names nobody
     * knows: which were mapped to which VMX handler, which have no single equivalent, which are unknown.
     * Unmapped and unknown names are left out of generated replays.
     */
    static List<String> notes(Map<String, ForeignExitReason> met, Collection<String> unknown) {
        List<String> notes = new ArrayList<>();
        List<String> mapped = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (Map.Entry<String, ForeignExitReason> e : met.entrySet()) {
            ForeignExitReason f = e.getValue();
            if (f.mapped()) {
                mapped.add(e.getKey() + " -> " + f.equivalent().linuxName());
            } else {
                unmapped.add(e.getKey() + " (" + f.why() + ")");
            }
        }
        if (!mapped.isEmpty()) {
            String archs = String.join("/", new TreeSet<>(met.values().stream().filter(ForeignExitReason::mapped)
                    .map(ForeignExitReason::arch).toList()));
            notes.add(archs + " exit reasons mapped to the VMX exit with the same KVM handler: "
                    + String.join(", ", mapped));
        }
        if (!unmapped.isEmpty()) {
            notes.add("non-x86 exit reasons with no single VMX equivalent, left out of replays: "
                    + String.join("; ", unmapped));
        }
        if (!unknown.isEmpty()) {
            notes.add("unknown exit reasons (neither VMX/SVM nor a known RISC-V, arm64 or LoongArch name), left out "
                    + "of replays: " + String.join(", ", unknown));
        }
        return notes;
    }

    /**
     * The name perf prints for a RISC-V {@code scause} value (the {@code EXC_*} / {@code IRQ_*} constants of
     * {@code tools/perf/arch/riscv/util/riscv_trap_types.h} without their prefix; RISC-V Privileged ISA,
     * "scause" and H-extension cause tables). The interrupt bit is the top bit of the 64-bit value (RV64).
     * Unassigned codes give {@code SCAUSE_0x..}.
     */
    static String riscvCauseName(long scause) {
        boolean irq = scause < 0;
        long code = scause & Long.MAX_VALUE;
        String name = irq ? switch ((int) Math.min(code, 64)) {
            case 1 -> "IRQ_S_SOFT";
            case 2 -> "IRQ_VS_SOFT";
            case 5 -> "IRQ_S_TIMER";
            case 6 -> "IRQ_VS_TIMER";
            case 9 -> "IRQ_S_EXT";
            case 10 -> "IRQ_VS_EXT";
            case 12 -> "IRQ_S_GEXT";
            case 13 -> "IRQ_PMU_OVF";
            default -> null;
        } : switch ((int) Math.min(code, 64)) {
            case 0 -> "INST_MISALIGNED";
            case 1 -> "INST_ACCESS";
            case 2 -> "INST_ILLEGAL";
            case 3 -> "BREAKPOINT";
            case 4 -> "LOAD_MISALIGNED";
            case 5 -> "LOAD_ACCESS";
            case 6 -> "STORE_MISALIGNED";
            case 7 -> "STORE_ACCESS";
            case 8 -> "SYSCALL";
            case 9 -> "HYPERVISOR_SYSCALL";
            case 10 -> "SUPERVISOR_SYSCALL";
            case 12 -> "INST_PAGE_FAULT";
            case 13 -> "LOAD_PAGE_FAULT";
            case 15 -> "STORE_PAGE_FAULT";
            case 20 -> "INST_GUEST_PAGE_FAULT";
            case 21 -> "LOAD_GUEST_PAGE_FAULT";
            case 22 -> "VIRTUAL_INST_FAULT";
            case 23 -> "STORE_GUEST_PAGE_FAULT";
            default -> null;
        };
        return name != null ? name : "SCAUSE_0x" + Long.toHexString(scause);
    }

    /** True when there is a VMX handler doing the same work. */
    public boolean mapped() {
        return equivalent != null;
    }

    /** The normalised key for a printed name. */
    static String normalize(String printed) {
        String n = printed.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
        return n.startsWith("EC_") ? n.substring(3) : n;
    }

    /**
     * Looks up a printed non-x86 exit-reason name (case-insensitive; {@code Memory store} and
     * {@code MEMORY_STORE} are the same; bcc's {@code EC_} prefix is ignored). Empty for names it does not
     * know, including every x86 name.
     */
    public static Optional<ForeignExitReason> lookup(String printed) {
        if (printed == null || printed.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(TABLE.get(normalize(printed)));
    }
}
