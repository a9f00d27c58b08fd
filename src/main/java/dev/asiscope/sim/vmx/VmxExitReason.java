package dev.asiscope.sim.vmx;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The VMX basic exit reasons (Intel SDM Vol. 3C, appendix C) with the numeric codes and the names Linux
 * uses in {@code arch/x86/include/uapi/asm/vmx.h} ({@code EXIT_REASON_*}) and prints in the
 * {@code kvm_exit} tracepoint and in {@code perf kvm stat}.
 *
 * <p>Lookup is by code ({@link #fromCode(int)}) or by name ({@link #fromName(String)}). Name lookup is
 * case-insensitive, ignores an {@code EXIT_REASON_} prefix (as printed by bcc's {@code kvmexit.py}),
 * knows the older Linux spelling {@code PENDING_INTERRUPT} for {@link #INTERRUPT_WINDOW}, and maps AMD SVM
 * exit names ({@code npf}, {@code EXIT_NPF}, {@code msr}, {@code ioio}, {@code intr}, ...) to the closest
 * VMX reason. Use {@link #resolve(String)} when the original spelling and whether it was an SVM name
 * matter.
 *
 * <p>Codes 5 (I/O SMI), 6 (other SMI), 11 (GETSEC), 17 (RSM) and a few others exist in the SDM but have
 * no Linux name; they are not constants here and {@link #fromCode(int)} returns empty for them.
 */
public enum VmxExitReason {
    EXCEPTION_NMI(0),
    EXTERNAL_INTERRUPT(1),
    TRIPLE_FAULT(2),
    INIT_SIGNAL(3),
    SIPI_SIGNAL(4),
    /** Older kernels print this reason as {@code PENDING_INTERRUPT}. */
    INTERRUPT_WINDOW(7),
    NMI_WINDOW(8),
    TASK_SWITCH(9),
    CPUID(10),
    HLT(12),
    INVD(13),
    INVLPG(14),
    RDPMC(15),
    RDTSC(16),
    VMCALL(18),
    VMCLEAR(19),
    VMLAUNCH(20),
    VMPTRLD(21),
    VMPTRST(22),
    VMREAD(23),
    VMRESUME(24),
    VMWRITE(25),
    VMOFF(26),
    VMON(27),
    CR_ACCESS(28),
    DR_ACCESS(29),
    IO_INSTRUCTION(30),
    MSR_READ(31),
    MSR_WRITE(32),
    INVALID_STATE(33),
    MSR_LOAD_FAIL(34),
    MWAIT_INSTRUCTION(36),
    MONITOR_TRAP_FLAG(37),
    MONITOR_INSTRUCTION(39),
    PAUSE_INSTRUCTION(40),
    MCE_DURING_VMENTRY(41),
    TPR_BELOW_THRESHOLD(43),
    APIC_ACCESS(44),
    EOI_INDUCED(45),
    GDTR_IDTR(46),
    LDTR_TR(47),
    EPT_VIOLATION(48),
    EPT_MISCONFIG(49),
    INVEPT(50),
    RDTSCP(51),
    PREEMPTION_TIMER(52),
    INVVPID(53),
    WBINVD(54),
    XSETBV(55),
    APIC_WRITE(56),
    RDRAND(57),
    INVPCID(58),
    VMFUNC(59),
    ENCLS(60),
    RDSEED(61),
    PML_FULL(62),
    XSAVES(63),
    XRSTORS(64),
    UMWAIT(67),
    TPAUSE(68),
    BUS_LOCK(74),
    NOTIFY(75),
    SEAMCALL(76),
    TDCALL(77),
    MSR_READ_IMM(84),
    MSR_WRITE_IMM(85);

    /** The CPU vendor whose naming a resolved exit-reason name used. */
    public enum Vendor {
        /** Intel VMX name (or a VMX numeric code). */
        VMX,
        /** AMD SVM name, mapped to the closest VMX reason. */
        SVM
    }

    /**
     * An exit-reason name as found in some input, resolved to a VMX reason.
     *
     * @param original   the name exactly as printed (e.g. {@code EXIT_NPF}, {@code npf}, {@code PENDING_INTERRUPT})
     * @param normalized the original without {@code EXIT_REASON_}/{@code SVM_EXIT_}/{@code EXIT_} prefixes, in
     *                   upper case (e.g. {@code NPF}, {@code PENDING_INTERRUPT}); stable key for counting by
     *                   original name
     * @param reason     the VMX reason it maps to, or {@code null} when there is none (e.g. {@code UNKNOWN},
     *                   {@code stgi}, or a non-exit key such as {@code 0x6e0:W})
     * @param vendor     whether the name was a VMX or an SVM name
     */
    public record Resolved(String original, String normalized, VmxExitReason reason, Vendor vendor) {
        /** True when {@link #reason()} is known. */
        public boolean mapped() {
            return reason != null;
        }

        /**
         * The key to count this reason under: the Linux VMX name when mapped, otherwise the normalized
         * original name.
         */
        public String key() {
            return reason != null ? reason.linuxName() : normalized;
        }
    }

    private static final VmxExitReason[] BY_CODE = new VmxExitReason[128];
    private static final Map<String, VmxExitReason> VMX_NAMES = new HashMap<>();
    private static final Map<String, VmxExitReason> SVM_NAMES = new HashMap<>();

    static {
        for (VmxExitReason r : values()) {
            BY_CODE[r.code] = r;
            VMX_NAMES.put(r.name(), r);
        }
        VMX_NAMES.put("PENDING_INTERRUPT", INTERRUPT_WINDOW);
        // Alternative spellings seen in older kernels' and tools' tables.
        VMX_NAMES.put("EXTERNAL_INTERRUPTS", EXTERNAL_INTERRUPT);
        VMX_NAMES.put("NMI_WINDOW_EXITING", NMI_WINDOW);
        VMX_NAMES.put("MCE_DURING_ENTRY", MCE_DURING_VMENTRY);
        VMX_NAMES.put("ENCLS_EXITING", ENCLS);

        // SVM exit names (arch/x86/include/uapi/asm/svm.h SVM_EXIT_REASONS, upper-cased, plus the
        // EXIT_* spellings older trace-cmd/libtraceevent versions print) -> closest VMX reason.
        for (int i = 0; i < 16; i++) {
            SVM_NAMES.put("READ_CR" + i, CR_ACCESS);
            SVM_NAMES.put("WRITE_CR" + i, CR_ACCESS);
            SVM_NAMES.put("CR" + i + "_READ", CR_ACCESS);
            SVM_NAMES.put("CR" + i + "_WRITE", CR_ACCESS);
            SVM_NAMES.put("READ_DR" + i, DR_ACCESS);
            SVM_NAMES.put("WRITE_DR" + i, DR_ACCESS);
            SVM_NAMES.put("DR" + i + "_READ", DR_ACCESS);
            SVM_NAMES.put("DR" + i + "_WRITE", DR_ACCESS);
        }
        SVM_NAMES.put("CR0_SEL_WRITE", CR_ACCESS);
        SVM_NAMES.put("CR0_SEL", CR_ACCESS);
        for (String exc : new String[] {"DE", "DB", "BP", "OF", "BR", "UD", "NM", "DF", "TS", "NP", "SS", "GP",
                "PF", "MF", "AC", "MC", "XM", "VE", "CP", "VC"}) {
            SVM_NAMES.put(exc + " EXCP", EXCEPTION_NMI);
            SVM_NAMES.put("EXCP_" + exc, EXCEPTION_NMI);
            SVM_NAMES.put(exc + "_EXCP", EXCEPTION_NMI);
        }
        SVM_NAMES.put("EXCP", EXCEPTION_NMI);
        SVM_NAMES.put("NMI", EXCEPTION_NMI);
        SVM_NAMES.put("INTR", EXTERNAL_INTERRUPT);
        SVM_NAMES.put("INTERRUPT", EXTERNAL_INTERRUPT);
        SVM_NAMES.put("VINTR", INTERRUPT_WINDOW);
        SVM_NAMES.put("INIT", INIT_SIGNAL);
        SVM_NAMES.put("SHUTDOWN", TRIPLE_FAULT);
        SVM_NAMES.put("CPUID", CPUID);
        SVM_NAMES.put("HLT", HLT);
        SVM_NAMES.put("IDLE_HLT", HLT);
        SVM_NAMES.put("INVD", INVD);
        SVM_NAMES.put("INVLPG", INVLPG);
        SVM_NAMES.put("INVLPGA", INVLPG);
        SVM_NAMES.put("RDPMC", RDPMC);
        SVM_NAMES.put("RDTSC", RDTSC);
        SVM_NAMES.put("RDTSCP", RDTSCP);
        SVM_NAMES.put("PAUSE", PAUSE_INSTRUCTION);
        SVM_NAMES.put("IOIO", IO_INSTRUCTION);
        SVM_NAMES.put("IO", IO_INSTRUCTION);
        // SVM has a single MSR exit (EXITINFO1 = 0 for RDMSR, 1 for WRMSR); by name alone MSR_WRITE is
        // the closer reason for real guests (TSC deadline, x2APIC ICR). Trace importers refine it by info1.
        SVM_NAMES.put("MSR", MSR_WRITE);
        SVM_NAMES.put("TASK_SWITCH", TASK_SWITCH);
        SVM_NAMES.put("VMMCALL", VMCALL);
        SVM_NAMES.put("VMGEXIT", VMCALL);
        SVM_NAMES.put("VMRUN", VMLAUNCH);
        SVM_NAMES.put("VMLOAD", VMPTRLD);
        SVM_NAMES.put("VMSAVE", VMPTRST);
        SVM_NAMES.put("WBINVD", WBINVD);
        SVM_NAMES.put("MONITOR", MONITOR_INSTRUCTION);
        SVM_NAMES.put("MWAIT", MWAIT_INSTRUCTION);
        SVM_NAMES.put("MWAIT_COND", MWAIT_INSTRUCTION);
        SVM_NAMES.put("XSETBV", XSETBV);
        SVM_NAMES.put("INVPCID", INVPCID);
        SVM_NAMES.put("NPF", EPT_VIOLATION);
        SVM_NAMES.put("AVIC_INCOMPLETE_IPI", APIC_WRITE);
        SVM_NAMES.put("AVIC_UNACCELERATED_ACCESS", APIC_ACCESS);
        SVM_NAMES.put("BUS_LOCK", BUS_LOCK);
        SVM_NAMES.put("INVALID", INVALID_STATE);
        SVM_NAMES.put("ERR", INVALID_STATE);
    }

    private final int code;

    VmxExitReason(int code) {
        this.code = code;
    }

    /** The basic exit reason number (bits 15:0 of the VM-exit reason field). */
    public int code() {
        return code;
    }

    /** The Linux name, as printed by the {@code kvm_exit} tracepoint and {@code perf kvm stat} (e.g. {@code EPT_VIOLATION}). */
    public String linuxName() {
        return name();
    }

    /**
     * The reason with this basic exit-reason code. A full exit-reason field is accepted: bits 15:0 are the
     * basic reason and the defined flag bits (26 bus lock, 27 enclave, 28 pending MTF, 29 from VMX root,
     * 31 VM-entry failure) are ignored. Values with other bits set (16-25, 30, above 31) are not VMX exit
     * reasons (e.g. PVM's 0x20000) and give empty.
     */
    public static Optional<VmxExitReason> fromCode(long code) {
        if ((code & ~0xffffL & ~0xBC00_0000L) != 0) {
            return Optional.empty();
        }
        int basic = (int) (code & 0xffff);
        return basic < BY_CODE.length ? Optional.ofNullable(BY_CODE[basic]) : Optional.empty();
    }

    /**
     * The VMX reason with this name: a Linux VMX name (case-insensitive, optional {@code EXIT_REASON_}
     * prefix, {@code PENDING_INTERRUPT} accepted), an SVM name mapped to the closest VMX reason, or a
     * numeric code ({@code 48}, {@code 0x30}) as printed by {@code __print_symbolic} for unnamed codes.
     */
    public static Optional<VmxExitReason> fromName(String name) {
        return Optional.ofNullable(resolve(name).reason());
    }

    /**
     * Resolves a printed exit-reason name, keeping the original spelling. Never throws; unknown names
     * (including {@code null} or blank) give a {@link Resolved} with a {@code null} reason.
     */
    public static Resolved resolve(String name) {
        if (name == null) {
            return new Resolved("", "", null, Vendor.VMX);
        }
        String original = name.strip();
        String upper = original.toUpperCase(Locale.ROOT);
        String normalized = upper;
        if (normalized.startsWith("EXIT_REASON_")) {
            normalized = normalized.substring("EXIT_REASON_".length());
        }
        VmxExitReason vmx = VMX_NAMES.get(normalized);
        if (vmx != null) {
            // SVM names that coincide with VMX names (HLT, CPUID, ...): lower-case spelling means SVM.
            boolean svmSpelling = !original.isEmpty() && Character.isLowerCase(original.charAt(0))
                    && SVM_NAMES.containsKey(normalized);
            return new Resolved(original, normalized, vmx, svmSpelling ? Vendor.SVM : Vendor.VMX);
        }
        String svmKey = normalized;
        if (svmKey.startsWith("SVM_EXIT_")) {
            svmKey = svmKey.substring("SVM_EXIT_".length());
        } else if (svmKey.startsWith("EXIT_")) {
            svmKey = svmKey.substring("EXIT_".length());
        }
        VmxExitReason svm = SVM_NAMES.get(svmKey);
        if (svm != null) {
            return new Resolved(original, svmKey, svm, Vendor.SVM);
        }
        VmxExitReason byNumber = parseNumber(upper);
        if (byNumber != null) {
            return new Resolved(original, byNumber.name(), byNumber, Vendor.VMX);
        }
        return new Resolved(original, svmKey, null, Vendor.VMX);
    }

    /** All SVM names known to the mapping (upper case, without prefix) and their VMX reasons. */
    public static Map<String, VmxExitReason> svmMapping() {
        return Collections.unmodifiableMap(SVM_NAMES);
    }

    private static VmxExitReason parseNumber(String s) {
        try {
            long v;
            if (s.startsWith("0X") && s.length() > 2 && s.length() <= 10) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (!s.isEmpty() && s.length() <= 10 && s.chars().allMatch(Character::isDigit)) {
                v = Long.parseLong(s);
            } else {
                return null;
            }
            return fromCode(v).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
