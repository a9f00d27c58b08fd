package dev.asiscope.sim.vmx;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VmxExitReasonTest {

    @Test
    void codesMatchLinuxUapiVmxH() {
        assertEquals(0, VmxExitReason.EXCEPTION_NMI.code());
        assertEquals(1, VmxExitReason.EXTERNAL_INTERRUPT.code());
        assertEquals(7, VmxExitReason.INTERRUPT_WINDOW.code());
        assertEquals(10, VmxExitReason.CPUID.code());
        assertEquals(12, VmxExitReason.HLT.code());
        assertEquals(28, VmxExitReason.CR_ACCESS.code());
        assertEquals(30, VmxExitReason.IO_INSTRUCTION.code());
        assertEquals(31, VmxExitReason.MSR_READ.code());
        assertEquals(32, VmxExitReason.MSR_WRITE.code());
        assertEquals(48, VmxExitReason.EPT_VIOLATION.code());
        assertEquals(49, VmxExitReason.EPT_MISCONFIG.code());
        assertEquals(52, VmxExitReason.PREEMPTION_TIMER.code());
        assertEquals(56, VmxExitReason.APIC_WRITE.code());
        assertEquals(64, VmxExitReason.XRSTORS.code());
        assertEquals(68, VmxExitReason.TPAUSE.code());
        assertEquals(74, VmxExitReason.BUS_LOCK.code());
        assertEquals(85, VmxExitReason.MSR_WRITE_IMM.code());
        assertEquals(66, VmxExitReason.values().length);
        Set<Integer> codes = new HashSet<>();
        for (VmxExitReason r : VmxExitReason.values()) {
            assertTrue(codes.add(r.code()), "duplicate code " + r.code());
            assertEquals(Optional.of(r), VmxExitReason.fromCode(r.code()));
            assertEquals(Optional.of(r), VmxExitReason.fromName(r.linuxName()));
        }
    }

    @Test
    void fromCodeUsesTheBasicReasonBits() {
        assertEquals(Optional.of(VmxExitReason.INVALID_STATE), VmxExitReason.fromCode(0x80000021L));
        assertEquals(Optional.of(VmxExitReason.EPT_VIOLATION), VmxExitReason.fromCode(0x04000030L));
        assertEquals(Optional.empty(), VmxExitReason.fromCode(5));
        assertEquals(Optional.empty(), VmxExitReason.fromCode(0x20000), "PVM's codes are not VMX basic reasons");
        assertEquals(Optional.empty(), VmxExitReason.fromCode(-1));
    }

    @Test
    void nameLookupIsCaseInsensitiveAndKnowsOldSpellings() {
        assertEquals(Optional.of(VmxExitReason.EPT_VIOLATION), VmxExitReason.fromName("ept_violation"));
        assertEquals(Optional.of(VmxExitReason.HLT), VmxExitReason.fromName("EXIT_REASON_HLT"));
        assertEquals(Optional.of(VmxExitReason.INTERRUPT_WINDOW), VmxExitReason.fromName("PENDING_INTERRUPT"));
        assertEquals(Optional.of(VmxExitReason.SEAMCALL), VmxExitReason.fromName("0x4c"));
        assertEquals(Optional.of(VmxExitReason.EPT_VIOLATION), VmxExitReason.fromName("48"));
        assertEquals(Optional.empty(), VmxExitReason.fromName("UNKNOWN"));
        assertEquals(Optional.empty(), VmxExitReason.fromName("0x6e0:W"));
        assertEquals(Optional.empty(), VmxExitReason.fromName(""));
        assertEquals(Optional.empty(), VmxExitReason.fromName(null));
    }

    @Test
    void svmNamesMapToTheClosestVmxReasonKeepingTheOriginal() {
        String[][] cases = {
            {"EXIT_NPF", "EPT_VIOLATION", "NPF"}, {"npf", "EPT_VIOLATION", "NPF"},
            {"EXIT_MSR", "MSR_WRITE", "MSR"}, {"msr", "MSR_WRITE", "MSR"},
            {"EXIT_IOIO", "IO_INSTRUCTION", "IOIO"}, {"io", "IO_INSTRUCTION", "IO"}, {"ioio", "IO_INSTRUCTION", "IOIO"},
            {"EXIT_INTR", "EXTERNAL_INTERRUPT", "INTR"}, {"interrupt", "EXTERNAL_INTERRUPT", "INTERRUPT"},
            {"EXIT_HLT", "HLT", "HLT"}, {"hlt", "HLT", "HLT"}, {"EXIT_CPUID", "CPUID", "CPUID"},
            {"EXIT_VMMCALL", "VMCALL", "VMMCALL"}, {"vmmcall", "VMCALL", "VMMCALL"},
            {"pause", "PAUSE_INSTRUCTION", "PAUSE"}, {"write_cr3", "CR_ACCESS", "WRITE_CR3"},
            {"read_dr7", "DR_ACCESS", "READ_DR7"}, {"vintr", "INTERRUPT_WINDOW", "VINTR"},
            {"shutdown", "TRIPLE_FAULT", "SHUTDOWN"}, {"PF excp", "EXCEPTION_NMI", "PF EXCP"},
            {"avic_unaccelerated_access", "APIC_ACCESS", "AVIC_UNACCELERATED_ACCESS"},
            {"SVM_EXIT_XSETBV", "XSETBV", "XSETBV"},
        };
        for (String[] c : cases) {
            VmxExitReason.Resolved r = VmxExitReason.resolve(c[0]);
            assertEquals(c[1], r.reason().linuxName(), c[0]);
            assertEquals(c[0], r.original());
            assertEquals(c[2], r.normalized(), c[0]);
            assertEquals(VmxExitReason.Vendor.SVM, r.vendor(), c[0]);
            assertEquals(c[1], r.key());
        }
        VmxExitReason.Resolved vmx = VmxExitReason.resolve("HLT");
        assertEquals(VmxExitReason.Vendor.VMX, vmx.vendor());
        VmxExitReason.Resolved none = VmxExitReason.resolve("stgi");
        assertNull(none.reason());
        assertFalse(none.mapped());
        assertEquals("STGI", none.key());
        assertTrue(VmxExitReason.svmMapping().containsKey("NPF"));
    }
}
