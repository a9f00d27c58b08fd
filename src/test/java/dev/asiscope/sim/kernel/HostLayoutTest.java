package dev.asiscope.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageWalker;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.vmx.GuestLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ASI invariant of docs/model.md, section 2: every restricted table maps a subset of the full table's mappings
 * with identical translations, and exactly the regions its class may see.
 */
class HostLayoutTest {
    private final PhysicalMemory memory = new PhysicalMemory();
    private final HostLayout layout = HostLayout.build(memory,
            List.of(KernelRegion.global("session-keys", 4096, "session-keys")),
            List.of(new HostLayout.VmMemory(1, GuestLayout.MIN_SIZE, 0x11),
                    new HostLayout.VmMemory(2, GuestLayout.MIN_SIZE, 0x22)),
            List.of(new HostLayout.ProcessMemory(1, 8192, 0x33), new HostLayout.ProcessMemory(2, 8192, 0x44)), false);
    private final PageWalker walker = new PageWalker(46);

    private long translate(long root, long va) {
        ControlRegisters cr = new ControlRegisters(true, root, true, false, false, false, false, false, true, false, 0);
        WalkResult r = walker.walk(cr, va, AccessType.READ, false, memory, false);
        return r.faulted() ? -1 : r.physicalAddress();
    }

    /** Checks every page of every region in {@code root}: mapped exactly when {@code visible} says, as in the full table. */
    private void check(String table, long root, java.util.function.Predicate<PlacedRegion> visible) {
        for (PlacedRegion r : layout.regions()) {
            for (long off = 0; off < r.size(); off += 4096) {
                long va = r.virtualBase() + off;
                long full = translate(layout.fullRoot(), va);
                assertEquals(r.physicalBase() + off, full, "full table, " + r.name());
                long got = translate(root, va);
                assertEquals(visible.test(r) ? full : -1, got, table + ", " + r.name() + " +0x" + Long.toHexString(off));
            }
        }
    }

    private static boolean global(PlacedRegion r) {
        return r.region().sensitivity() == Sensitivity.GLOBAL_NONSENSITIVE;
    }

    @Test
    void restrictedTablesMapExactlyTheirClassWithTheFullTablesTranslations() {
        check("idle class", layout.idleRoot(), HostLayoutTest::global);
        for (int vm : List.of(1, 2)) {
            check("vm" + vm, layout.restrictedRoot(vm), r -> global(r)
                    || (r.region().sensitivity() == Sensitivity.LOCAL_NONSENSITIVE && r.region().ownerVm() == vm));
        }
        for (int p : List.of(1, 2)) {
            HostLayout.ProcessTables t = layout.process(p);
            check("process" + p + " user class", t.asiRoot(), r -> global(r) || r.name().equals("user-memory:p" + p)
                    || r.name().equals("probe:p" + p));
        }
    }
}
