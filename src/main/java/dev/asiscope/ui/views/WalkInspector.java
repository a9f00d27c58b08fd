package dev.asiscope.ui.views;

import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.SecurityDomain;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.vmx.Ept;
import dev.asiscope.sim.vmx.GuestLayout;
import dev.asiscope.ui.core.SimSession;
import java.util.ArrayList;
import java.util.List;

/** Resolves what to walk and walks it, host or guest (with EPT), without changing any state. */
final class WalkInspector {
    private static final int MAX_SCAN = 50_000;

    private WalkInspector() {
    }

    /** Walks {@code t} on the machine at the cursor. Throws IllegalArgumentException for an unknown space. */
    static ShownWalk walk(Machine m, WalkTarget t) {
        QwordMemory host = TableRef.readOnly(m.memory());
        if (t.guest()) {
            GuestLayout g = m.layout().guests().get(t.vm());
            if (g == null) {
                throw new IllegalArgumentException("no VM " + t.vm());
            }
            // The guest's registers as the engine sets them at the first VM entry.
            ControlRegisters cr = new ControlRegisters(true, g.guestCr3(), true, false, false, false, false, false,
                    true, false, 0);
            List<EptTranslation> ept = new ArrayList<>();
            QwordMemory guestPhysical = new QwordMemory() {
                @Override
                public long readQword(long gpa) {
                    EptTranslation e = ept(host, g.eptRoot(), gpa);
                    ept.add(e);
                    return e.violation() ? 0 : host.readQword(e.hostPhysical());
                }

                @Override
                public void writeQword(long gpa, long value) {
                    throw new IllegalStateException("inspection must not write guest memory");
                }
            };
            WalkResult r = m.walker().walk(cr, t.address(), t.type(), t.user(), guestPhysical, false);
            EptTranslation data = r.faulted() ? null : ept(host, g.eptRoot(), r.physicalAddress());
            return new ShownWalk(t, cr, r, ept, data);
        }
        TableRef table = TableRef.of(m, t.space());
        if (table == null) {
            throw new IllegalArgumentException("no address space '" + t.spaceName() + "'");
        }
        ControlRegisters cr = table.registers(m);
        WalkResult r = m.walker().walk(cr, t.address(), t.type(), t.user(), host, false);
        return new ShownWalk(t, cr, r, List.of(), null);
    }

    /** EPT translation of {@code gpa} entry by entry, as {@link Ept#translate} does it, for reading. */
    static EptTranslation ept(QwordMemory host, long root, long gpa) {
        List<Long> addresses = new ArrayList<>(4);
        List<Long> entries = new ArrayList<>(4);
        long table = root;
        for (int shift = 39; shift >= 12; shift -= 9) {
            long ea = table + 8 * ((gpa >>> shift) & 0x1ff);
            long e = host.readQword(ea);
            addresses.add(ea);
            entries.add(e);
            if ((e & 7) == 0 || (e & Ept.R) == 0) {
                break;
            }
            if (shift == 12 || (shift <= 30 && (e & (1L << 7)) != 0)) {
                break;
            }
            table = e & Ept.ADDRESS;
        }
        // The engine's own translation is the authority on the result.
        long hpa = Ept.translate(host, root, gpa, Ept.R);
        return new EptTranslation(gpa, hpa, addresses, entries);
    }

    /**
     * What the view walks when the user set nothing: the selection if it names an address, otherwise the
     * most recent access at the cursor that the log records with an address, otherwise the host secret.
     */
    static WalkTarget auto(SimSession s) {
        Machine m = s.machine();
        WalkTarget fromSelection = fromObject(m, s.selectionProperty().get(), -1);
        if (fromSelection != null) {
            return fromSelection;
        }
        Simulation sim = s.simulation();
        EventLog log = sim.log();
        int from = log.countUpTo(s.cycle()) - 1;
        int stop = Math.max(0, from - MAX_SCAN);
        // Among the candidates of the latest cycle, the most telling one wins (an ASI exit over the fill after it).
        WalkTarget best = null;
        int bestRank = -1;
        long bestCycle = -1;
        for (int i = from; i >= stop; i--) {
            EventKind k = log.kindOf(i);
            int rank = rank(k);
            if (rank < 0) {
                continue;
            }
            long c = log.cycleOf(i);
            if (best != null && c != bestCycle) {
                break;
            }
            Event e = log.get(i);
            // -1 means "no address"; kernel virtual addresses are negative as signed longs.
            if (e.address() == -1 || rank <= bestRank) {
                continue;
            }
            WalkTarget t = fromObject(m, e, e.cpu());
            if (t != null) {
                best = t;
                bestRank = rank;
                bestCycle = c;
            }
        }
        if (best != null) {
            return best;
        }
        PlacedRegion secret = m.layout().region("host-secret");
        PlacedRegion r = secret != null ? secret : m.layout().regions().isEmpty() ? null : m.layout().regions().get(0);
        if (r == null) {
            return null;
        }
        return WalkTarget.read(r.virtualBase(), AddressSpaceId.FULL, "no access with an address yet: the " + r.name()
                + " region");
    }

    private static int rank(EventKind k) {
        return switch (k) {
            case ASI_EXIT -> 3;
            case TRANSIENT_LOAD -> 2;
            case PAGE_FAULT -> 1;
            case CACHE_FILL -> 0;
            default -> -1;
        };
    }

    /** A target for a selected or logged object, or null if it names no address. */
    static WalkTarget fromObject(Machine m, Object o, int cpu) {
        if (o instanceof PageMapping p) {
            return WalkTarget.read(p.virtualAddress(), p.table().id(), "selected page of " + p.table().name());
        }
        if (o instanceof PlacedRegion r) {
            return WalkTarget.read(r.virtualBase(), AddressSpaceId.FULL, "selected region " + r.name());
        }
        if (o instanceof CacheLine l) {
            return fromPhysical(m, l.physicalLine(), l.provenance().logicalCpu(), "selected L1D line");
        }
        if (o instanceof LfbEntry l) {
            return fromPhysical(m, l.physicalLine(), l.provenance().logicalCpu(), "selected fill buffer");
        }
        if (o instanceof Leak l) {
            if (l.mechanism() == Leak.Mechanism.L1TF && l.attackerDomain() instanceof SecurityDomain.Vm attacker) {
                int vm = attacker.vm();
                return WalkTarget.read(GuestLayout.SCRATCH_VA | (l.physicalAddress() & 0xfff),
                        new AddressSpaceId.Guest(vm),
                        "the L1TF leak's guest walk: its not-present PTE names host 0x"
                                + Long.toHexString(l.physicalAddress()));
            }
            if (l.mechanism() == Leak.Mechanism.MELTDOWN) {
                return fromPhysical(m, l.physicalAddress(), -1, "the Meltdown leak's kernel mapping");
            }
            return fromPhysical(m, l.physicalAddress(), -1, "the leaked line");
        }
        if (o instanceof Event e && e.address() != -1) {
            String at = " at cycle " + Fmt.cycles(e.cycle()) + " on cpu" + e.cpu();
            return switch (e.kind()) {
                case ASI_EXIT -> {
                    int vm = vmOf(m, e.cpu());
                    AddressSpaceId space = vm >= 0 ? AddressSpaceId.restrictedVm(vm) : AddressSpaceId.FULL;
                    yield WalkTarget.read(e.address(), space, "ASI exit" + at + ": " + EventText.detail(e));
                }
                case PAGE_FAULT -> {
                    boolean guest = e.fact() instanceof EventFact.PageFault pf && pf.context().kind().isGuest();
                    AddressSpaceId space = guest
                            ? new AddressSpaceId.Guest(((EventFact.PageFault) e.fact()).context().vm())
                            : AddressSpaceId.FULL;
                    yield WalkTarget.read(e.address(), space, "page fault" + at);
                }
                case TRANSIENT_LOAD -> {
                    int vm = vmOf(m, e.cpu());
                    if (e.fact() instanceof EventFact.L1tfLoad && vm >= 0) {
                        yield WalkTarget.read(GuestLayout.SCRATCH_VA | (e.address() & 0xfff),
                                new AddressSpaceId.Guest(vm),
                                "L1TF load" + at + ": the guest's not-present PTE names host 0x"
                                        + Long.toHexString(e.address()));
                    }
                    yield fromPhysical(m, e.address(), e.cpu(), "transient load" + at);
                }
                case CACHE_FILL, LEAK, CLFLUSH -> fromPhysical(m, e.address(), e.cpu(), EventText.title(e.kind()) + at);
                default -> null;
            };
        }
        return null;
    }

    /** A physical address as the access that reached it: a guest walk for guest memory, else the kernel's. */
    private static WalkTarget fromPhysical(Machine m, long pa, int cpu, String why) {
        PlacedRegion r = m.layout().regionAtPhysical(pa);
        if (r == null) {
            return null;
        }
        for (GuestLayout g : m.layout().guests().values()) {
            if (pa >= g.hostBase() && pa < g.hostBase() + g.size()) {
                Context c = cpu >= 0 ? m.cpu(cpu).context() : null;
                if (c != null && c.kind().isGuest() && c.vm() == g.vm()) {
                    // Guest kernel tables map guest-virtual = guest-physical.
                    return WalkTarget.read(pa - g.hostBase(), new AddressSpaceId.Guest(g.vm()),
                            why + " (guest memory)");
                }
            }
        }
        AddressSpaceId space = AddressSpaceId.FULL;
        if (cpu >= 0) {
            HardwareThread t = m.cpu(cpu);
            if (t.currentAsi() instanceof AddressSpaceId.RestrictedVm asi && !t.context().kind().isGuest()) {
                space = asi;
            }
        }
        return WalkTarget.read(r.virtualBase() + (pa - r.physicalBase()), space, why + " (" + r.name() + ")");
    }

    private static int vmOf(Machine m, int cpu) {
        if (cpu >= 0 && cpu < m.cpuCount()) {
            int vm = m.cpu(cpu).context().vm();
            if (vm >= 0) {
                return vm;
            }
        }
        return m.layout().guests().keySet().stream().sorted().findFirst().orElse(-1);
    }
}
