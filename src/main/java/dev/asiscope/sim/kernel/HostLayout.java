package dev.asiscope.sim.kernel;

import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.paging.PageTableBuilder;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.vmx.GuestLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's memory map and page tables, built into simulated physical memory: every region placed
 * and labelled, the full kernel page table, one restricted (ASI) table per VM, and per host process a
 * kernel table, a PTI user table and an ASI user-class table. Kernel regions are mapped at direct-map
 * addresses ({@link #DIRECT_MAP} + physical), as Linux does (Linux Documentation/arch/x86/x86_64/mm.rst).
 *
 * <p>Invariant (ASI, docs/model.md, section 2): every restricted table maps a subset of the full table's
 * mappings, with identical translations and rights; {@code HostLayoutTest} checks it.
 */
public final class HostLayout {
    /** Base of the direct map of all physical memory (4-level, no KASLR). */
    public static final long DIRECT_MAP = 0xffff_8880_0000_0000L;
    /** User virtual address of a process's memory. */
    public static final long USER_BASE = 0x40_0000;
    /** User virtual address of a process's probe array (256 pages). */
    public static final long USER_PROBE_BASE = 0x1000_0000;
    // PCIDs (CR3[11:0] with CR4.PCIDE) are laid out as Linux and the ASI RFC lay them out, so that no two
    // tables of a machine ever share one (a TLB entry filled under one table must never serve another):
    //  - bit 11 is the PTI user bit (X86_CR3_PTI_PCID_USER_BIT, arch/x86/include/asm/processor-flags.h): a
    //    process's KPTI user table runs with its kernel PCID | bit 11 (user_pcid() in arch/x86/mm/tlb.c);
    //  - bits 10:9 are the ASI class: the 2022 RFC ("mm: asi: Use separate PCIDs for restricted address
    //    spaces") puts ASI_MAX_NUM_ORDER = 2 bits just below the PTI user bit, asi_pcid(asi, asid) =
    //    kern_pcid(asid) | (class index << 9); 0 is the unrestricted table, 1 the KVM class (a VM's restricted
    //    table), 2 the user class (a process's ASI table), 3 the idle class;
    //  - bits 8:0 number the address space within its class, never 0 (kern_pcid() = ASID + 1: PCID 0 is
    //    left to code that runs without PCIDs). Linux recycles TLB_NR_DYN_ASIDS = 6 dynamic ASIDs per CPU;
    //    the simulator gives every table a fixed PCID instead, so its numbers mean the same on every CPU.
    // Host kernel: context 1. VM n's restricted table: KVM class, context n (VM ids are 1..60). Process
    // tables: the k-th process by id has context FIRST_PROCESS_CONTEXT - 1 + k for its kernel table, the same
    // with the user class for its ASI table and with bit 11 for its PTI user table.

    /** Bit position of the ASI class in a PCID (the RFC's two class bits below the PTI user bit). */
    public static final int ASI_CLASS_SHIFT = 9;
    /** Largest address-space number within a class (bits 8:0). */
    public static final int MAX_CONTEXT = (1 << ASI_CLASS_SHIFT) - 1;
    /** ASI class index of a VM's restricted table. */
    public static final int KVM_CLASS = 1;
    /** ASI class index of a process's user-class table. */
    public static final int USER_CLASS = 2;
    /** ASI class index of the idle loop's table. */
    public static final int IDLE_CLASS = 3;
    /** Context of the first process's tables; below it only the host kernel's (1). */
    public static final int FIRST_PROCESS_CONTEXT = 17;
    /** Most host processes the PCID space holds: contexts {@link #FIRST_PROCESS_CONTEXT}..{@link #MAX_CONTEXT}. */
    public static final int MAX_PROCESSES = MAX_CONTEXT - FIRST_PROCESS_CONTEXT + 1;
    /** PCID of the full kernel table (kernel PCID = ASID + 1, kern_pcid() in arch/x86/mm/tlb.c). */
    public static final int FULL_PCID = 1;
    /** PCID of the idle class's restricted table. */
    public static final int IDLE_PCID = IDLE_CLASS << ASI_CLASS_SHIFT | FULL_PCID;
    /** PTI: user PCID = kernel PCID | bit 11. */
    public static final int PTI_USER_BIT = 0x800;

    private static final long TABLE_POOL_START = 0x10_0000;
    private static final long TABLE_POOL_END = 0x100_0000;
    private static final long REGION_START = 0x100_0000;

    /** Page-table roots and PCIDs of one host process. */
    public record ProcessTables(int process, long kernelRoot, int kernelPcid, long userRoot, int userPcid,
            long asiRoot, int asiPcid, PlacedRegion memory, PlacedRegion probe) {
    }

    private final List<PlacedRegion> regions;
    private final Map<String, PlacedRegion> byName;
    private final long fullRoot;
    private final long idleRoot;
    private final Map<Integer, Long> restrictedRoots;
    private final Map<Integer, GuestLayout> guests;
    private final Map<Integer, ProcessTables> processes;

    private HostLayout(List<PlacedRegion> regions, long fullRoot, long idleRoot, Map<Integer, Long> restrictedRoots,
            Map<Integer, GuestLayout> guests, Map<Integer, ProcessTables> processes) {
        this.regions = List.copyOf(regions);
        Map<String, PlacedRegion> m = new LinkedHashMap<>();
        for (PlacedRegion r : regions) {
            m.put(r.name(), r);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.fullRoot = fullRoot;
        this.idleRoot = idleRoot;
        this.restrictedRoots = Map.copyOf(restrictedRoots);
        this.guests = Map.copyOf(guests);
        this.processes = Map.copyOf(processes);
    }

    /** A VM to lay out: id, guest memory size, and the byte its memory holds. */
    public record VmMemory(int id, long size, int fill) {
    }

    /** A host process to lay out. */
    public record ProcessMemory(int id, long size, int fill) {
    }

    /**
     * The default kernel regions (names after Linux Documentation/arch/x86/x86_64/mm.rst and the KVM paths of
     * arch/x86/kvm/vmx/vmx.c), before scenario overrides. Labels: {@code host-kernel-nonsensitive} for
     * non-sensitive memory, {@code host-kernel-sensitive} for sensitive kernel data, {@code host-secret} for
     * the crown jewel.
     */
    public static List<KernelRegion> defaultRegions() {
        return List.of(
                KernelRegion.global("kernel-text", 64 * 1024, "host-kernel-nonsensitive"),
                KernelRegion.global("percpu", 16 * 1024, "host-kernel-nonsensitive"),
                KernelRegion.global("scheduler", 16 * 1024, "host-kernel-nonsensitive"),
                KernelRegion.global("cpu-entry-area", 4096, "host-kernel-nonsensitive"),
                KernelRegion.sensitive("mm", 16 * 1024, "host-kernel-sensitive"),
                KernelRegion.sensitive("irq-data", 8 * 1024, "host-kernel-sensitive"),
                KernelRegion.sensitive("page-cache", 64 * 1024, "host-kernel-sensitive"),
                KernelRegion.sensitive("dentry-cache", 16 * 1024, "host-kernel-sensitive"),
                KernelRegion.sensitive("host-secret", 4096, "host-secret").withFill(0x53));
    }

    /**
     * Places all regions (defaults, then per-VM and per-process ones, then {@code extra}, which replace
     * same-named ones), fills and labels them, and builds every page table.
     *
     * @param kernelGlobal whether kernel mappings carry the Global bit (false under PTI or ASI, which
     *                     clear it; regions with {@code globalBitBug} keep it regardless)
     */
    public static HostLayout build(PhysicalMemory memory, List<KernelRegion> extra, List<VmMemory> vms,
            List<ProcessMemory> procs, boolean kernelGlobal) {
        Map<String, KernelRegion> wanted = new LinkedHashMap<>();
        for (KernelRegion r : defaultRegions()) {
            wanted.put(r.name(), r);
        }
        for (VmMemory vm : vms) {
            String label = "vm:" + vm.id();
            wanted.put("vcpu-state:vm" + vm.id(), KernelRegion.local("vcpu-state:vm" + vm.id(), 8192, vm.id(), label));
            wanted.put("vmcs:vm" + vm.id(), KernelRegion.local("vmcs:vm" + vm.id(), 4096, vm.id(), label));
            wanted.put("guest-memory:vm" + vm.id(), KernelRegion.local("guest-memory:vm" + vm.id(),
                    Math.max(vm.size(), GuestLayout.MIN_SIZE), vm.id(), label).withFill(vm.fill()));
        }
        for (ProcessMemory p : procs) {
            String label = "process:" + p.id();
            wanted.put("user-memory:p" + p.id(), KernelRegion.sensitive("user-memory:p" + p.id(),
                    Math.max(p.size(), 4096), label).withFill(p.fill()));
            wanted.put("probe:p" + p.id(), KernelRegion.sensitive("probe:p" + p.id(), 256 * 4096L, label));
        }
        for (KernelRegion r : extra) {
            wanted.put(r.name(), r);
        }
        FrameAllocator regionFrames = new FrameAllocator(REGION_START, 1L << 40);
        // Tables live below the regions; a machine with more tables than that pool holds (hundreds of
        // processes) continues above the regions, which are all placed before the first table is built.
        FrameAllocator tableFrames = new FrameAllocator(TABLE_POOL_START, TABLE_POOL_END, regionFrames);
        List<PlacedRegion> placed = new ArrayList<>();
        for (KernelRegion r : wanted.values()) {
            // A large-page region is aligned to its page size and owns the whole of its last page, so a
            // 2 MiB / 1 GiB leaf never maps another region's memory.
            long align = Math.max(r.pagedSize() >= 0x20_0000 ? 0x20_0000 : 4096, r.pageSize().bytes());
            long pa = regionFrames.allocate(r.mappedSize(), align);
            memory.classify(pa, r.pagedSize(), r.ownerVm() >= 0 ? "vm:" + r.ownerVm() : "host", r.sensitivity());
            memory.setLabel(pa, r.pagedSize(), r.label());
            if (r.fill() >= 0) {
                long q = (r.fill() & 0xffL) * 0x0101_0101_0101_0101L;
                memory.fillQwords(pa, r.pagedSize(), q);
            }
            placed.add(new PlacedRegion(r, pa, DIRECT_MAP + pa));
        }
        PageTableBuilder builder = new PageTableBuilder(memory, tableFrames);
        long full = builder.newRoot();
        for (PlacedRegion r : placed) {
            mapKernel(builder, full, r, kernelGlobal);
        }
        Map<Integer, Long> restricted = new LinkedHashMap<>();
        Map<Integer, GuestLayout> guests = new LinkedHashMap<>();
        for (VmMemory vm : vms) {
            long root = builder.newRoot();
            for (PlacedRegion r : placed) {
                Sensitivity s = r.region().sensitivity();
                if (s == Sensitivity.GLOBAL_NONSENSITIVE
                        || (s == Sensitivity.LOCAL_NONSENSITIVE && r.region().ownerVm() == vm.id())) {
                    mapKernel(builder, root, r, kernelGlobal);
                }
            }
            restricted.put(vm.id(), root);
            PlacedRegion mem = findPlaced(placed, "guest-memory:vm" + vm.id());
            guests.put(vm.id(), GuestLayout.build(vm.id(), memory, tableFrames, mem.physicalBase(), mem.size()));
        }
        Map<Integer, ProcessTables> procTables = new LinkedHashMap<>();
        int kernelIndex = (int) ((DIRECT_MAP >>> 39) & 0x1ff);
        if (procs.size() > MAX_PROCESSES) {
            throw new IllegalArgumentException(procs.size() + " processes need more PCIDs than there are: at most "
                    + MAX_PROCESSES + " processes fit (contexts " + FIRST_PROCESS_CONTEXT + ".." + MAX_CONTEXT + ")");
        }
        List<Integer> byId = procs.stream().map(ProcessMemory::id).sorted().toList();
        for (ProcessMemory p : procs) {
            PlacedRegion mem = findPlaced(placed, "user-memory:p" + p.id());
            PlacedRegion probe = findPlaced(placed, "probe:p" + p.id());
            long userFlags = PageTableEntry.RW | PageTableEntry.US | PageTableEntry.XD;
            long kernelRoot = builder.newRoot();
            builder.map(kernelRoot, USER_BASE, mem.physicalBase(), mem.size(), userFlags, false);
            builder.map(kernelRoot, USER_PROBE_BASE, probe.physicalBase(), probe.size(), userFlags, false);
            builder.shareTopLevel(full, kernelRoot, kernelIndex);
            long userRoot = builder.newRoot();
            builder.map(userRoot, USER_BASE, mem.physicalBase(), mem.size(), userFlags, false);
            builder.map(userRoot, USER_PROBE_BASE, probe.physicalBase(), probe.size(), userFlags, false);
            PlacedRegion entry = findPlaced(placed, "cpu-entry-area");
            mapKernel(builder, userRoot, entry, false);
            long asiRoot = builder.newRoot();
            builder.map(asiRoot, USER_BASE, mem.physicalBase(), mem.size(), userFlags, false);
            builder.map(asiRoot, USER_PROBE_BASE, probe.physicalBase(), probe.size(), userFlags, false);
            for (PlacedRegion r : placed) {
                if (r.region().sensitivity() == Sensitivity.GLOBAL_NONSENSITIVE) {
                    mapKernel(builder, asiRoot, r, kernelGlobal);
                }
            }
            // The process's own pages are its own data, not another domain's: the user class maps their
            // direct-map aliases too (they are what copy_to_user-style kernel paths reach them through).
            mapKernel(builder, asiRoot, mem, kernelGlobal);
            mapKernel(builder, asiRoot, probe, kernelGlobal);
            int context = FIRST_PROCESS_CONTEXT + byId.indexOf(p.id());
            procTables.put(p.id(), new ProcessTables(p.id(), kernelRoot, context, userRoot, context | PTI_USER_BIT,
                    asiRoot, USER_CLASS << ASI_CLASS_SHIFT | context, mem, probe));
        }
        // The idle class (docs/model.md, section 5): what the idle loop may touch, the global non-sensitive
        // regions.
        // Built last so that every other table keeps its place in physical memory.
        long idle = builder.newRoot();
        for (PlacedRegion r : placed) {
            if (r.region().sensitivity() == Sensitivity.GLOBAL_NONSENSITIVE) {
                mapKernel(builder, idle, r, kernelGlobal);
            }
        }
        return new HostLayout(placed, full, idle, restricted, guests, procTables);
    }

    private static PlacedRegion findPlaced(List<PlacedRegion> placed, String name) {
        for (PlacedRegion r : placed) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalStateException("region " + name + " was not placed");
    }

    private static void mapKernel(PageTableBuilder b, long root, PlacedRegion r, boolean kernelGlobal) {
        long flags = PageTableEntry.A | PageTableEntry.D;
        if (!r.name().equals("kernel-text")) { // text is read-only and executable
            flags |= PageTableEntry.RW | PageTableEntry.XD;
        }
        if (kernelGlobal || r.region().globalBitBug()) {
            flags |= PageTableEntry.G;
        }
        b.map(root, r.virtualBase(), r.physicalBase(), r.mappedSize(), flags, r.region().pageSize());
    }

    public List<PlacedRegion> regions() {
        return regions;
    }

    /** The region called {@code name}, or null. */
    public PlacedRegion region(String name) {
        return byName.get(name);
    }

    /** The region containing physical address {@code pa}, or null. */
    public PlacedRegion regionAtPhysical(long pa) {
        for (PlacedRegion r : regions) {
            if (r.containsPhysical(pa)) {
                return r;
            }
        }
        return null;
    }

    /** The region whose kernel mapping contains {@code va}, or null. */
    public PlacedRegion regionAtVirtual(long va) {
        for (PlacedRegion r : regions) {
            if (r.containsVirtual(va)) {
                return r;
            }
        }
        return null;
    }

    public long fullRoot() {
        return fullRoot;
    }

    /** The idle class's restricted table: global non-sensitive regions only (PCID {@link #IDLE_PCID}). */
    public long idleRoot() {
        return idleRoot;
    }

    /** The restricted (ASI) table of VM {@code vm}. */
    public long restrictedRoot(int vm) {
        Long r = restrictedRoots.get(vm);
        if (r == null) {
            throw new IllegalArgumentException("no VM " + vm);
        }
        return r;
    }

    /** PCID of VM {@code vm}'s restricted space: the KVM class, context {@code vm} (see the layout above). */
    public static int restrictedPcid(int vm) {
        if (vm < 1 || vm > MAX_CONTEXT) {
            throw new IllegalArgumentException("VM " + vm + " has no restricted PCID (VMs are 1.." + MAX_CONTEXT + ")");
        }
        return KVM_CLASS << ASI_CLASS_SHIFT | vm;
    }

    public GuestLayout guest(int vm) {
        GuestLayout g = guests.get(vm);
        if (g == null) {
            throw new IllegalArgumentException("no VM " + vm);
        }
        return g;
    }

    public Map<Integer, GuestLayout> guests() {
        return guests;
    }

    public ProcessTables process(int id) {
        ProcessTables t = processes.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no process " + id);
        }
        return t;
    }
}
