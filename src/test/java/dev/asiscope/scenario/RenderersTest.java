package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.AsiTaint;
import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.SimulationException;
import dev.asiscope.sim.engine.Step;
import dev.asiscope.sim.paging.PageFault;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.Context;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The renderers next to {@link EventText} word every value the engine can hand them: each case of a sealed
 * type has its own words (a new case without words fails here, or does not compile where the renderer is a
 * visitor), and the words are those the engine used to make (the examples are docs' and the golden files').
 */
class RenderersTest {
    @Test
    void everyAddressSpaceHasItsOwnWords() {
        assertEquals("full", AddressSpaceText.of(AddressSpaceId.FULL));
        assertEquals("restricted vm1 (KVM class)", AddressSpaceText.of(AddressSpaceId.restrictedVm(1)));
        assertEquals("restricted process2 (user class)", AddressSpaceText.of(AddressSpaceId.restrictedProcess(2)));
        assertEquals("restricted idle class", AddressSpaceText.of(AddressSpaceId.IDLE));
        assertEquals("process2 kernel", AddressSpaceText.of(new AddressSpaceId.ProcessKernel(2)));
        assertEquals("PTI user", AddressSpaceText.of(new AddressSpaceId.PtiUser(2)));
        assertEquals("guest vm1", AddressSpaceText.of(AddressSpaceId.guest(1)));
        assertEquals("EPT vm1", AddressSpaceText.of(new AddressSpaceId.Ept(1)));
        assertEquals("vm3 (KVM class)", AddressSpaceText.className(AddressSpaceId.restrictedVm(3)));
        Set<String> words = new HashSet<>();
        List<Class<?>> kinds = cases(AddressSpaceId.class);
        for (Class<?> k : kinds) {
            words.add(AddressSpaceText.of((AddressSpaceId) sample(k)));
        }
        assertEquals(kinds.size(), words.size(), "one wording per kind of table: " + words);
    }

    /** The machine's own tables carry no words; their role comes from what they are. */
    @Test
    void rolesOfTables() {
        assertEquals("ASI restricted table of VM 1", AddressSpaceText.role(new dev.asiscope.sim.tables.AddressSpace(
                "restricted:vm1", null, "host-physical", dev.asiscope.sim.tables.EntryFormat.X86, 0x1000, false, 46,
                true, 1, AddressSpaceId.restrictedVm(1))));
        assertEquals("CR3 of scenario CPU 0", AddressSpaceText.role(new dev.asiscope.sim.tables.AddressSpace("cpu0",
                "CR3 of scenario CPU 0", "scenario-memory", dev.asiscope.sim.tables.EntryFormat.X86, 0x1000, false, 46,
                true, -1)));
        Set<String> words = new HashSet<>();
        List<Class<?>> kinds = cases(AddressSpaceId.class);
        for (Class<?> k : kinds) {
            words.add(AddressSpaceText.role(new dev.asiscope.sim.tables.AddressSpace("t", null, "host-physical",
                    dev.asiscope.sim.tables.EntryFormat.X86, 0x1000, false, 46, true, -1, (AddressSpaceId) sample(k))));
        }
        assertEquals(kinds.size(), words.size(), "one role per kind of table: " + words);
    }

    /** What an entry's fields mean, per the SDM's tables (x86 4-14..4-20, EPT 29-1..29-6). */
    @Test
    void entryFieldsInWords() {
        var x86 = dev.asiscope.sim.tables.EntryFormat.X86;
        var pde2m = x86.fields(PagingLevel.PD, PageTableEntry.P | PageTableEntry.PS | 0x20_0000L);
        Map<String, String> words = new java.util.LinkedHashMap<>();
        for (var b : pde2m) {
            words.put(b.name() + "@" + EntryBitText.range(b), EntryBitText.meaning(b));
        }
        assertEquals("present: a walk may use this entry", words.get("P@0"));
        assertEquals("page size: maps a 2 MiB page here", words.get("PS@7"));
        assertEquals("selects the PAT memory type, with PCD and PWT", words.get("PAT@12"));
        assertEquals("page frame number", words.get("address@51:12"));
        assertEquals("protection key (CR4.PKE)", words.get("PK@62:59"));
        var pml4 = x86.fields(PagingLevel.PML4, 0);
        assertEquals("not present: a walk stops here with a page fault; the CPU ignores every other bit",
                EntryBitText.meaning(pml4.get(0)));
        assertEquals("reserved (must be 0) at this level", EntryBitText.meaning(pml4.stream()
                .filter(b -> b.name().equals("PS")).findFirst().orElseThrow()));
        var ept = dev.asiscope.sim.tables.EntryFormat.EPT.fields(PagingLevel.PT, 7 | (6 << 3));
        assertEquals("EPT memory type (6 = write-back)", EntryBitText.meaning(ept.stream()
                .filter(b -> b.name().equals("MT")).findFirst().orElseThrow()));
        assertEquals("5:3", EntryBitText.range(ept.stream().filter(b -> b.name().equals("MT")).findFirst()
                .orElseThrow()));
    }

    @Test
    void contextsAsTheEngineSaidThem() {
        assertEquals("guest vm1/vcpu0 kernel", ContextText.of(Context.guest(1, 0, true)));
        assertEquals("guest vm2/vcpu1 user", ContextText.of(Context.guest(2, 1, false)));
        assertEquals("host-kernel-restricted (vm1)", ContextText.of(Context.hostKernel(true, 1)));
        assertEquals("host-kernel-full", ContextText.of(Context.hostKernel(false, -1)));
        assertEquals("host-user process2", ContextText.of(Context.hostUser(2)));
        assertEquals("host-user (VMM of vm1)", ContextText.of(new Context(
                dev.asiscope.sim.security.ContextKind.HOST_USER, 1, 0, -1)));
        assertEquals("idle", ContextText.of(Context.IDLE));
        assertEquals("host-kernel-full (vm1) in EPT_VIOLATION", ContextText.of(Context.hostKernel(false, 1),
                "EPT_VIOLATION"));
        assertEquals("offline", ContextText.of(Context.OFFLINE, null));
    }

    @Test
    void policiesTaintsEntriesAndFaults() {
        assertEquals("no mitigation", PolicyText.of(Policy.NONE));
        assertEquals("L1D flush always, SMT off", PolicyText.of(Policy.parse("l1d-flush-always+nosmt")));
        assertEquals("ASI with sibling stunning, KPTI", PolicyText.of(Policy.parse("asi-stun+kpti")));
        assertEquals("unknown policy 'nosm'; did you mean 'nosmt'? (known: " + String.join(", ", Policy.NAMED.keySet())
                + "; combine with '+')", assertThrows(IllegalArgumentException.class,
                        () -> PolicyText.parse("asi+nosm")).getMessage());
        assertEquals("-", AsiTaintText.of(0));
        assertEquals("KERNEL_DATA|GUEST_DATA", AsiTaintText.of(AsiTaint.KERNEL_DATA.bit() | AsiTaint.GUEST_DATA.bit()));
        long e = PageTableEntry.P | PageTableEntry.RW | PageTableEntry.US | PageTableEntry.A | PageTableEntry.XD;
        assertEquals("P RW US A XD", PageTableEntryText.flags(e, true));
        assertEquals("P PS", PageTableEntryText.flags(PageTableEntry.P | PageTableEntry.PS, true));
        assertEquals("P PAT PK=5", PageTableEntryText.flags(PageTableEntry.P | PageTableEntry.PAT_4K | (5L << 59), false));
        assertEquals("", PageTableEntryText.flags(0, true));
        assertEquals("#PF ec=0x6 (not-present, W, U) at pt", PageFaultText.of(new PageFault(PageFault.Kind.PAGE_FAULT,
                PageFault.EC_W | PageFault.EC_U, PagingLevel.PT)));
        assertEquals("#PF ec=0x2d (protection, U, RSVD, PK)", PageFaultText.of(new PageFault(PageFault.Kind.PAGE_FAULT,
                PageFault.EC_P | PageFault.EC_U | PageFault.EC_RSVD | PageFault.EC_PK, null)));
        assertEquals("#GP: non-canonical address", PageFaultText.of(new PageFault(PageFault.Kind.NON_CANONICAL, 0,
                null)));
    }

    @Test
    void everyTitleIsOneOfItsOwn() {
        Set<String> kinds = new HashSet<>();
        for (EventKind k : EventKind.values()) {
            kinds.add(EventText.title(k));
        }
        assertEquals(EventKind.values().length, kinds.size());
        assertEquals("ASI exit", EventText.title(EventKind.ASI_EXIT));
        assertEquals("L1D fill", EventText.title(EventKind.CACHE_FILL));
        Set<String> costs = new HashSet<>();
        for (CostCategory c : CostCategory.values()) {
            costs.add(CostCategoryText.title(c));
        }
        assertEquals(CostCategory.values().length, costs.size());
        assertEquals("stunned (waiting)", CostCategoryText.title(CostCategory.STUN_WAIT));
    }

    /** Every problem has words of its own, never its record form, and the documented ones read as documented. */
    @Test
    void everyProblemIsASentence() {
        assertEquals("cpu0: 'vmexit' needs guest context, but the CPU is host-user process1", SimulationErrorText.of(
                new SimulationException.OpNeedsGuest(0, new Op.VmExit(30), Context.hostUser(1))));
        assertEquals("handler touches unknown region 'vcpu-state'", SimulationErrorText.of(new SimulationException(
                new SimulationException.UnknownHandlerRegion("vcpu-state"))));
        assertEquals("the walk of 0xffff888000000000 in full does not reach a pt", SimulationErrorText.of(
                new SimulationException.WalkDoesNotReach("full", 0xffff888000000000L, PagingLevel.PT)));
        List<Class<?>> problems = cases(SimulationException.Problem.class);
        assertTrue(problems.size() >= 13, problems.toString());
        Set<String> words = new HashSet<>();
        for (Class<?> c : problems) {
            String text = SimulationErrorText.of((SimulationException.Problem) sample(c));
            assertFalse(text.contains(c.getSimpleName() + "["), text);
            words.add(text);
        }
        assertEquals(problems.size(), words.size(), "one sentence per problem: " + words);
    }

    /** What a thread does, in the words the cores view showed; every step has words of its own. */
    @Test
    void everyActivityHasWords() {
        assertEquals("idle", OperationText.of(HardwareThread.NoOperation.IDLE));
        assertEquals("offline (nosmt)", OperationText.of(HardwareThread.NoOperation.OFFLINE_NOSMT));
        assertEquals("finished", OperationText.of(HardwareThread.NoOperation.FINISHED));
        assertEquals("core scheduling: forced idle", OperationText.of(HardwareThread.NoOperation.FORCED_IDLE));
        assertEquals("stunned: waiting for cpu1", OperationText.of(new HardwareThread.WaitingForStun(1)));
        assertEquals("mds-sample", OperationText.of(new Op.MdsSample()));
        assertEquals("asi-enter", OperationText.of(new Op.Asi(Op.Asi.Kind.ENTER)));
        assertEquals("read", OperationText.of(new Op.Access(0x1000, dev.asiscope.sim.paging.AccessType.READ)));
        assertEquals("verw", OperationText.of(new Op.Flush(false)));
        assertEquals("EPT_VIOLATION handler", OperationText.of(new Step.KernelWork(5, CostCategory.EXIT_HANDLING,
                "EPT_VIOLATION", null)));
        assertEquals("resume probe-reload", OperationText.of(new Step.KernelWork(5, CostCategory.ATTACK, null,
                new Op.ProbeReload())));
        assertEquals("resume compute", OperationText.of(new Step.Resume(3, new Op.Compute(10, 0))));
        assertEquals("kernel store host-secret", OperationText.of(new Step.KernelAccess("host-secret", 0, true,
                null)));
        Set<String> words = new HashSet<>();
        List<Class<?>> steps = cases(Step.class);
        for (Class<?> c : steps) {
            words.add(OperationText.of(sample(c)));
        }
        assertEquals(steps.size(), words.size(), "one wording per step: " + words);
    }

    /** The records permitted by sealed {@code type}, through nested sealed interfaces. */
    private static List<Class<?>> cases(Class<?> type) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : type.getPermittedSubclasses()) {
            if (c.isSealed()) {
                out.addAll(cases(c));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** An instance of record {@code c} built from sample values of its components' types. */
    private static Object sample(Class<?> c) {
        try {
            RecordComponent[] rc = c.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            Object[] args = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = value(types[i]);
            }
            Constructor<?> k = c.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c.getName(), e);
        }
    }

    private static Object value(Class<?> t) {
        if (t == int.class) {
            return 1;
        }
        if (t == long.class) {
            return 0x1000L;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == String.class) {
            return "x";
        }
        if (t == Object.class || t == Op.class) {
            return new Op.Yield();
        }
        if (t == Context.class) {
            return Context.IDLE;
        }
        if (t == List.class) {
            return List.of();
        }
        if (t == Map.class) {
            return Map.of();
        }
        if (t.isEnum()) {
            return t.getEnumConstants()[0];
        }
        if (t.isRecord()) {
            return sample(t);
        }
        if (t.isSealed()) {
            return sample(cases(t).get(0));
        }
        throw new IllegalStateException("no sample " + t);
    }
}
