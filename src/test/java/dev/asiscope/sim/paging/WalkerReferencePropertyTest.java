package dev.asiscope.sim.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.WalkerReferenceModel.Access;
import dev.asiscope.sim.paging.WalkerReferenceModel.Machine;
import dev.asiscope.sim.paging.WalkerReferenceModel.Outcome;
import dev.asiscope.sim.paging.WalkerReferenceModel.Rule;
import dev.asiscope.sim.paging.WalkerReferenceModel.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Differential property test: the production {@link PageWalker} against {@link WalkerReferenceModel}, an
 * independent model written from the Intel SDM (Vol. 3A 4.5-4.8).
 *
 * <p>A fixed master seed makes every run identical. Each <em>configuration</em> is a random set of page
 * tables in a fresh {@link PhysicalMemory} (4- or 5-level, random MAXPHYADDR in 36..52, random entry bits
 * including PS at every level, G, XD, protection keys, ignored bits, and sometimes reserved bits) plus a
 * random linear address (sometimes non-canonical). Every configuration is walked for all three access
 * kinds in both user and supervisor mode, each walk with its own random CR0.WP / CR4.SMEP / SMAP / PKE /
 * PGE / PCIDE, RFLAGS.AC and PKRU, and a random choice of whether A/D bits are to be set.
 *
 * <p>Every walk compares: fault kind, error code, fault level, physical address, page size, effective
 * R/W, U/S and execute rights, G, protection key, D after the access, the list of steps (level, entry
 * address, entry value), the L1TF terminal physical address, the walker's reported updates, the writes it
 * actually made, and the whole memory afterwards.
 *
 * <p>To reproduce one configuration with a full dump of its walks:
 * {@code mvn -o test -Dtest=WalkerReferencePropertyTest -Dwalkref.config=N}.
 */
class WalkerReferencePropertyTest {

    /** Fixed master seed: the test is deterministic. */
    static final long MASTER_SEED = 0x0A51_5C0B_E5EE_D001L;
    /** Number of random page-table configurations. */
    static final int CONFIGS = 12_000;
    /** Every configuration is walked for {read, write, fetch} x {user, supervisor}. */
    static final AccessType[] TYPES = {AccessType.READ, AccessType.WRITE, AccessType.FETCH};
    /** Each SDM rule must be exercised at least this many times, or the generator is not doing its job. */
    static final int MIN_HITS_PER_RULE = 50;
    static final int MAX_REPORTED_MISMATCHES = 8;

    // ------------------------------------------------------------------------------------------------
    // The generated case
    // ------------------------------------------------------------------------------------------------

    /** One path entry the generator placed (the entries the walk is expected to read). */
    record Placed(int level, long address, long value) {
    }

    /** A random page-table configuration. */
    record Config(int index, long seed, int maxPhysAddr, boolean la57, boolean nxe, long cr3, long linearAddress,
            int leafLevel, PhysicalMemory memory, List<Placed> path, int garbageEntries, boolean recursive) {
    }

    /** One walk of a configuration. */
    record Walk(Config config, ControlRegisters cr, AccessType type, boolean user, boolean setAccessedDirty) {
    }

    // ------------------------------------------------------------------------------------------------
    // Generator
    // ------------------------------------------------------------------------------------------------

    static long seedOf(int index) {
        long z = MASTER_SEED + 0x9E37_79B9_7F4A_7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    static long signExtend(long value, int width) {
        int s = 64 - width;
        return (value << s) >> s;
    }

    static boolean percent(Random r, int p) {
        return r.nextInt(100) < p;
    }

    /** A 4 KiB-aligned table address below 2^maxPhys, distinct from all in {@code used}. */
    static long randomTableFrame(Random r, int maxPhys, Set<Long> used) {
        long implemented = WalkerReferenceModel.implementedFrameBits(maxPhys);
        while (true) {
            long a = r.nextLong() & implemented;
            if (r.nextInt(4) == 0) {
                a &= 0x0000_0000_03FF_F000L; // low memory: keeps some cases short to read
            }
            if (used.add(a)) {
                return a;
            }
        }
    }

    static long randomBitIn(Random r, int lo, int hi) {
        return 1L << (lo + r.nextInt(hi - lo + 1));
    }

    /** Random ignored/attribute bits that must not change the translation. */
    static long randomNoiseBits(Random r) {
        long e = 0;
        e |= r.nextBoolean() ? 1L << 3 : 0; // PWT
        e |= r.nextBoolean() ? 1L << 4 : 0; // PCD
        e |= r.nextBoolean() ? 1L << 5 : 0; // A
        e |= r.nextBoolean() ? 1L << 6 : 0; // D (ignored in non-leaf entries)
        e |= r.nextBoolean() ? 1L << 8 : 0; // G (ignored in non-leaf entries)
        e |= (long) r.nextInt(8) << 9; // bits 11:9 ignored
        if (percent(r, 30)) {
            e |= ((long) r.nextInt(128)) << 52; // bits 58:52 ignored
        }
        e |= ((long) r.nextInt(16)) << 59; // protection key in a leaf, ignored elsewhere
        return e;
    }

    static Config generate(int index) {
        long seed = seedOf(index);
        Random r = new Random(seed);
        int maxPhys = switch (r.nextInt(4)) {
            case 0 -> 52;
            case 1 -> 46;
            default -> 36 + r.nextInt(17);
        };
        boolean la57 = r.nextInt(5) < 2;
        boolean nxe = percent(r, 70);
        int width = la57 ? 57 : 48;

        // Linear address.
        long la;
        int vaKind = r.nextInt(100);
        if (vaKind < 8) {
            la = signExtend(r.nextLong(), width) ^ randomBitIn(r, width - 1, 63); // non-canonical
        } else if (vaKind < 12 && !la57) {
            la = signExtend(r.nextLong(), 57); // canonical only for 5-level
            long top = la >> 47;
            if (top == 0 || top == -1) {
                la ^= 1L << 52;
            }
        } else if (vaKind < 16 && la57) {
            la = signExtend(r.nextLong(), 48); // 48-bit canonical under 5-level paging
        } else {
            la = signExtend(r.nextLong(), width);
        }

        int leafLevel = switch (r.nextInt(4)) {
            case 0, 1 -> WalkerReferenceModel.PT;
            case 2 -> WalkerReferenceModel.PD;
            default -> WalkerReferenceModel.PDPT;
        };

        Set<Long> used = new HashSet<>();
        long root = randomTableFrame(r, maxPhys, used);
        long cr3 = root | r.nextInt(4096); // PCID or PWT/PCD, ignored for the root address
        long above = WalkerReferenceModel.bitsAboveMaxPhys(maxPhys);
        if (above != 0 && percent(r, 15)) {
            cr3 |= (r.nextLong() & above) | randomBitIn(r, maxPhys, 51); // must be masked off
        }

        PhysicalMemory mem = new PhysicalMemory();
        List<Placed> path = new ArrayList<>();
        Set<Long> pathAddresses = new HashSet<>();
        List<Long> pathTables = new ArrayList<>();
        int garbage = 0;
        long table = root;
        // Sometimes a non-leaf entry points back to a table already on the path (a recursive or
        // self-referencing mapping), so the same table, and possibly the same entry, is used twice.
        int topLevel = la57 ? 5 : 4;
        boolean recursive = percent(r, 4) && topLevel - leafLevel >= 1;
        int recursionLevel = recursive ? leafLevel + 1 + r.nextInt(topLevel - leafLevel) : -1;
        // The entry at recursionLevel points back to the table of level targetLevel (>= recursionLevel).
        int targetLevel = recursive ? recursionLevel + r.nextInt(topLevel - recursionLevel + 1) : -1;
        if (recursive && r.nextBoolean()) {
            // Make the next level's index equal the target level's index, so the very same entry is
            // used at two levels. Only index bits below the top level change: canonicality is kept.
            long targetIndex = (la >>> (12 + 9 * (targetLevel - 1))) & 0x1FF;
            int s = 12 + 9 * (recursionLevel - 2);
            la = (la & ~(0x1FFL << s)) | (targetIndex << s);
        }
        for (int level = topLevel; level >= leafLevel; level--) {
            int shift = 12 + 9 * (level - 1);
            int idx = (int) ((la >>> shift) & 0x1FF);
            boolean leaf = level == leafLevel;
            pathTables.add(table);
            if (pathAddresses.contains(table + 8L * idx)) {
                // The walk re-reads an entry it already used: nothing to place; follow that entry.
                long again = mem.readQword(table + 8L * idx);
                path.add(new Placed(level, table + 8L * idx, again));
                table = again & WalkerReferenceModel.implementedFrameBits(maxPhys);
                continue;
            }
            long e = randomNoiseBits(r);
            e |= percent(r, 96) ? WalkerReferenceModel.BIT_P : 0;
            e |= percent(r, 85) ? WalkerReferenceModel.BIT_RW : 0;
            e |= percent(r, 82) ? WalkerReferenceModel.BIT_US : 0;
            if (percent(r, nxe ? 12 : 2)) {
                e |= WalkerReferenceModel.BIT_XD;
            }
            long next = 0;
            if (!leaf) {
                next = level == recursionLevel ? pathTables.get(topLevel - targetLevel)
                        : randomTableFrame(r, maxPhys, used);
                e |= next;
                if (level >= 4 && percent(r, 3)) {
                    e |= WalkerReferenceModel.BIT_PS; // reserved in PML5E/PML4E
                }
            } else {
                long frame = r.nextLong() & WalkerReferenceModel.implementedFrameBits(maxPhys)
                        & ~((1L << shift) - 1);
                e |= frame;
                if (level == WalkerReferenceModel.PT) {
                    e |= r.nextBoolean() ? 1L << 7 : 0; // PAT of a 4 KiB PTE: not PS
                } else {
                    e |= WalkerReferenceModel.BIT_PS;
                    e |= r.nextBoolean() ? 1L << 12 : 0; // PAT of a large page
                    if (level == WalkerReferenceModel.PD && percent(r, 5)) {
                        e |= randomBitIn(r, 13, 20);
                    }
                    if (level == WalkerReferenceModel.PDPT && percent(r, 5)) {
                        e |= randomBitIn(r, 13, 29);
                    }
                }
            }
            if (above != 0 && percent(r, 3)) {
                e |= randomBitIn(r, maxPhys, 51);
            }
            if ((e & WalkerReferenceModel.BIT_P) == 0 && r.nextBoolean()) {
                // A not-present entry: zero, or (L1TF style) arbitrary stale bits, sometimes above MAXPHYADDR.
                e = r.nextBoolean() ? 0 : r.nextLong() & ~WalkerReferenceModel.BIT_P;
            }
            long address = table + 8L * idx;
            mem.writeQword(address, e);
            path.add(new Placed(level, address, e));
            pathAddresses.add(address);

            // Decoys where a walker with an indexing bug would look.
            Set<Integer> decoys = new HashSet<>();
            decoys.add(idx ^ 1);
            decoys.add((idx + 1) & 0x1FF);
            decoys.add((int) ((la >>> (shift + 9)) & 0x1FF));
            decoys.add((int) ((la >>> Math.max(0, shift - 9)) & 0x1FF));
            decoys.add((int) ((la >>> (shift + 1)) & 0x1FF));
            for (int i = 0; i < 3; i++) {
                decoys.add(r.nextInt(512));
            }
            decoys.remove(idx);
            for (int d : decoys) {
                if (pathAddresses.contains(table + 8L * d)) {
                    continue; // never overwrite an entry the walk uses (recursive tables)
                }
                long g = r.nextLong();
                if (percent(r, 70)) {
                    g = (g & ~WalkerReferenceModel.BITS_51_12 & ~WalkerReferenceModel.BIT_XD & ~WalkerReferenceModel.BIT_PS)
                            | WalkerReferenceModel.BIT_P | (r.nextLong() & WalkerReferenceModel.implementedFrameBits(maxPhys));
                }
                mem.writeQword(table + 8L * d, g);
                garbage++;
            }
            table = next;
        }
        return new Config(index, seed, maxPhys, la57, nxe, cr3, la, leafLevel, mem, List.copyOf(path), garbage,
                recursive);
    }

    /** The six walks of a configuration, each with its own random control-register settings. */
    static List<Walk> walksOf(Config c) {
        Random r = new Random(c.seed() ^ 0x7A1C_5EEDL);
        long leaf = c.path().get(c.path().size() - 1).value();
        int leafKey = (int) ((leaf >>> 59) & 0xF);
        List<Walk> walks = new ArrayList<>(6);
        for (AccessType type : TYPES) {
            for (boolean user : new boolean[] {false, true}) {
                int pkru = switch (r.nextInt(10)) {
                    case 0, 1, 2 -> 0;
                    case 3, 4, 5 -> r.nextInt();
                    default -> (r.nextInt() & ~(3 << (2 * leafKey))) | (r.nextInt(4) << (2 * leafKey));
                };
                ControlRegisters cr = new ControlRegisters(
                        percent(r, 60), // CR0.WP
                        c.cr3(),
                        r.nextBoolean(), // PGE
                        c.la57(),
                        r.nextBoolean(), // PCIDE
                        r.nextBoolean(), // SMEP
                        r.nextBoolean(), // SMAP
                        r.nextBoolean(), // PKE
                        c.nxe(),
                        percent(r, 35), // RFLAGS.AC
                        pkru);
                walks.add(new Walk(c, cr, type, user, percent(r, 80)));
            }
        }
        return walks;
    }

    // ------------------------------------------------------------------------------------------------
    // Running and comparing
    // ------------------------------------------------------------------------------------------------

    /** Forwards to a memory and records every write the walker makes. */
    static final class RecordingMemory implements QwordMemory {
        final QwordMemory target;
        final List<long[]> writes = new ArrayList<>();

        RecordingMemory(QwordMemory target) {
            this.target = target;
        }

        @Override
        public long readQword(long physicalAddress) {
            return target.readQword(physicalAddress);
        }

        @Override
        public void writeQword(long physicalAddress, long value) {
            writes.add(new long[] {physicalAddress, value});
            target.writeQword(physicalAddress, value);
        }
    }

    static Machine machineOf(Walk w) {
        ControlRegisters cr = w.cr();
        return new Machine(w.config().maxPhysAddr(), cr.cr3(), cr.cr0Wp(), cr.cr4La57(), cr.cr4Smep(), cr.cr4Smap(),
                cr.cr4Pke(), cr.eferNxe(), cr.rflagsAc(), cr.pkru());
    }

    static Access accessOf(AccessType t) {
        return switch (t) {
            case READ -> Access.READ;
            case WRITE -> Access.WRITE;
            case FETCH -> Access.FETCH;
        };
    }

    static PagingLevel levelOf(int n) {
        return switch (n) {
            case 5 -> PagingLevel.PML5;
            case 4 -> PagingLevel.PML4;
            case 3 -> PagingLevel.PDPT;
            case 2 -> PagingLevel.PD;
            case 1 -> PagingLevel.PT;
            default -> null;
        };
    }

    static PageSize sizeOf(int shift) {
        return switch (shift) {
            case 12 -> PageSize.SIZE_4K;
            case 21 -> PageSize.SIZE_2M;
            case 30 -> PageSize.SIZE_1G;
            default -> null;
        };
    }

    /** The result of one walk: the reference outcome and the list of differences (empty = agreement). */
    record Checked(Walk walk, Outcome expected, WalkResult actual, Throwable thrown, List<String> diffs,
            List<long[]> actualWrites) {
    }

    /** One buffer per test thread, reused by every {@link PageWalker#translate} of the run. */
    private static final ThreadLocal<WalkBuffer> REUSED_BUFFER = ThreadLocal.withInitial(WalkBuffer::new);

    static Checked check(Walk w, PageWalker walker) {
        Config c = w.config();
        Outcome exp = WalkerReferenceModel.translate(machineOf(w), c.linearAddress(), accessOf(w.type()), w.user(),
                c.memory()::readQword, w.setAccessedDirty());
        PhysicalMemory expectedMemory = c.memory().copy();
        exp.writes().forEach(expectedMemory::writeQword);

        PhysicalMemory walkerMemory = c.memory().copy();
        RecordingMemory rec = new RecordingMemory(walkerMemory);
        List<String> d = new ArrayList<>();
        WalkResult act;
        try {
            act = walker.walk(w.cr(), c.linearAddress(), w.type(), w.user(), rec, w.setAccessedDirty());
        } catch (RuntimeException | AssertionError ex) {
            d.add("walker threw " + ex);
            return new Checked(w, exp, null, ex, d, rec.writes);
        }
        if (act == null) {
            d.add("walker returned null");
            return new Checked(w, exp, null, null, d, rec.writes);
        }

        // The allocation-free path, into a buffer reused across every walk of the run (so state left over
        // from the previous walk would show), must give exactly the record the walk gave.
        long translated = walker.translate(w.cr(), c.linearAddress(), w.type(), w.user(),
                new RecordingMemory(c.memory().copy()), w.setAccessedDirty(), REUSED_BUFFER.get());
        cmp(d, "translate() result", String.valueOf(act), String.valueOf(REUSED_BUFFER.get().toResult()));
        cmp(d, "translate() return", hex(act.physicalAddress()), hex(translated));
        cmp(d, "linearAddress", hex(c.linearAddress()), hex(act.linearAddress()));
        // Fault kind, error code, level.
        PageFault f = act.fault();
        String expKind = exp.nonCanonical() ? "NON_CANONICAL" : exp.pageFault() ? "PAGE_FAULT" : "none";
        String actKind = f == null ? "none" : String.valueOf(f.kind());
        cmp(d, "fault kind", expKind, actKind);
        if (f != null && exp.pageFault() && f.kind() == PageFault.Kind.PAGE_FAULT) {
            cmp(d, "error code", ecString(exp.errorCode()), ecString(f.errorCode()));
            cmp(d, "fault level", String.valueOf(levelOf(exp.faultLevel())), String.valueOf(f.level()));
        }
        if (f != null && exp.nonCanonical() && f.kind() == PageFault.Kind.NON_CANONICAL) {
            cmp(d, "error code", ecString(0), ecString(f.errorCode()));
            cmp(d, "fault level", "null", String.valueOf(f.level()));
        }
        cmp(d, "physicalAddress", hex(exp.physicalAddress()), hex(act.physicalAddress()));
        cmp(d, "pageSize", String.valueOf(sizeOf(exp.pageShift())), String.valueOf(act.pageSize()));
        if (exp.succeeded()) {
            cmp(d, "writable", exp.writable(), act.writable());
            cmp(d, "user", exp.user(), act.user());
            cmp(d, "executable", exp.executable(), act.executable());
            cmp(d, "dirty", exp.dirty(), act.dirty());
            if (w.cr().cr4Pge()) {
                cmp(d, "global", exp.global(), act.global());
            }
            if (w.cr().cr4Pke()) {
                cmp(d, "protectionKey", exp.protectionKey(), act.protectionKey());
            }
        }
        cmp(d, "terminalPhysicalAddress", hex(exp.terminalPhysicalAddress()), hex(act.terminalPhysicalAddress()));

        // Steps.
        List<String> expSteps = new ArrayList<>();
        for (Step s : exp.steps()) {
            expSteps.add(levelOf(s.level()) + "@" + hex(s.address()) + "=" + hex(s.value()));
        }
        List<String> actSteps = new ArrayList<>();
        for (WalkStep s : act.steps()) {
            actSteps.add(s.level() + "@" + hex(s.entryAddress()) + "=" + hex(s.entry()));
        }
        cmp(d, "steps", expSteps.toString(), actSteps.toString());

        // Updates reported, writes made, memory afterwards.
        Map<Long, Long> reported = new TreeMap<>();
        for (WalkResult.EntryUpdate u : act.updates()) {
            reported.put(u.address(), u.value());
        }
        Map<Long, Long> made = new TreeMap<>();
        for (long[] wr : rec.writes) {
            made.put(wr[0], wr[1]);
        }
        Map<Long, Long> expected = new TreeMap<>(exp.writes());
        cmp(d, "updates reported", hexMap(expected), hexMap(reported));
        cmp(d, "memory writes made", hexMap(expected), hexMap(made));
        if (expectedMemory.stateHash() != walkerMemory.stateHash()) {
            d.add("memory after the walk differs (stateHash)");
        }
        return new Checked(w, exp, act, null, d, rec.writes);
    }

    static void cmp(List<String> d, String what, Object expected, Object actual) {
        if (!String.valueOf(expected).equals(String.valueOf(actual))) {
            d.add(what + ": reference=" + expected + " walker=" + actual);
        }
    }

    static String hex(long v) {
        return v == -1 ? "-1" : "0x" + Long.toHexString(v);
    }

    static String hexMap(Map<Long, Long> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(hex(k)).append("=").append(hex(v)));
        return sb.append("}").toString();
    }

    static String ecString(int ec) {
        StringBuilder sb = new StringBuilder("0x" + Integer.toHexString(ec) + "[");
        sb.append((ec & 1) != 0 ? "P" : "NP");
        if ((ec & 2) != 0) {
            sb.append(" W");
        }
        if ((ec & 4) != 0) {
            sb.append(" U");
        }
        if ((ec & 8) != 0) {
            sb.append(" RSVD");
        }
        if ((ec & 16) != 0) {
            sb.append(" I/D");
        }
        if ((ec & 32) != 0) {
            sb.append(" PK");
        }
        return sb.append("]").toString();
    }

    /** Own decoder for dumps (does not use PageTableEntry). */
    static String flags(long e, int level) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"P", "RW", "US", "PWT", "PCD", "A", "D", level == 1 ? "PAT" : "PS", "G"};
        for (int i = 0; i < names.length; i++) {
            if ((e & (1L << i)) != 0) {
                sb.append(names[i]).append(' ');
            }
        }
        sb.append("frame=").append(hex(e & WalkerReferenceModel.BITS_51_12));
        sb.append(" pkey=").append((e >>> 59) & 0xF);
        if ((e & (1L << 63)) != 0) {
            sb.append(" XD");
        }
        return sb.toString();
    }

    /** A complete, reproducible description of one walk. */
    static String dump(Checked k) {
        Walk w = k.walk();
        Config c = w.config();
        ControlRegisters cr = w.cr();
        StringBuilder sb = new StringBuilder();
        sb.append("=== config #").append(c.index()).append(" (seed ").append(hex(c.seed()))
                .append("; rerun: -Dtest=WalkerReferencePropertyTest -Dwalkref.config=").append(c.index()).append(")\n");
        sb.append("  access=").append(w.type()).append(" user=").append(w.user())
                .append(" setAccessedDirty=").append(w.setAccessedDirty()).append('\n');
        sb.append("  MAXPHYADDR=").append(c.maxPhysAddr()).append(" LA=").append(hex(c.linearAddress()))
                .append(" leaf level generated=").append(levelOf(c.leafLevel()))
                .append(c.recursive() ? " (recursive table on the path)" : "").append('\n');
        sb.append("  CR3=").append(hex(cr.cr3())).append(" CR0.WP=").append(cr.cr0Wp())
                .append(" CR4{LA57=").append(cr.cr4La57()).append(" PGE=").append(cr.cr4Pge())
                .append(" PCIDE=").append(cr.cr4Pcide()).append(" SMEP=").append(cr.cr4Smep())
                .append(" SMAP=").append(cr.cr4Smap()).append(" PKE=").append(cr.cr4Pke())
                .append("} EFER.NXE=").append(cr.eferNxe()).append(" RFLAGS.AC=").append(cr.rflagsAc())
                .append(" PKRU=0x").append(Integer.toHexString(cr.pkru())).append('\n');
        sb.append("  entries on the path (as generated):\n");
        for (Placed p : c.path()) {
            sb.append("    ").append(levelOf(p.level())).append(" @").append(hex(p.address())).append(" = ")
                    .append(hex(p.value())).append("  ").append(flags(p.value(), p.level())).append('\n');
        }
        Outcome e = k.expected();
        sb.append("  reference: ").append(e.nonCanonical() ? "NON_CANONICAL" : e.pageFault()
                ? "#PF ec=" + ecString(e.errorCode()) + " level=" + levelOf(e.faultLevel())
                : "ok pa=" + hex(e.physicalAddress()) + " size=" + sizeOf(e.pageShift()))
                .append(" rules=").append(e.rules()).append('\n');
        WalkResult a = k.actual();
        if (a != null) {
            sb.append("  walker:    ").append(a.fault() == null ? "ok pa=" + hex(a.physicalAddress()) + " size="
                    + a.pageSize() : a.fault().kind() + " ec=" + ecString(a.fault().errorCode()) + " level="
                    + a.fault().level()).append('\n');
        }
        if (k.thrown() != null) {
            sb.append("  walker threw: ").append(k.thrown()).append('\n');
        }
        sb.append("  differences:\n");
        for (String s : k.diffs()) {
            sb.append("    - ").append(s).append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // Tests
    // ------------------------------------------------------------------------------------------------

    @Test
    void walkerAgreesWithSdmReferenceOnRandomConfigurations() throws IOException {
        String only = System.getProperty("walkref.config");
        int from = 0;
        int to = CONFIGS;
        if (only != null && !only.isBlank()) {
            from = Integer.parseInt(only.trim());
            to = from + 1;
        }
        Map<Rule, Integer> ruleHits = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            ruleHits.put(rule, 0);
        }
        Map<String, Integer> classes = new TreeMap<>();
        int walks = 0;
        int mismatches = 0;
        List<String> reports = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Config c = generate(i);
            PageWalker walker = new PageWalker(c.maxPhysAddr());
            for (Walk w : walksOf(c)) {
                Checked k = check(w, walker);
                walks++;
                for (Rule rule : k.expected().rules()) {
                    ruleHits.merge(rule, 1, Integer::sum);
                }
                classes.merge("outcome " + outcomeClass(k.expected()), 1, Integer::sum);
                classes.merge("mode " + (c.la57() ? "5-level" : "4-level"), 1, Integer::sum);
                long la = c.linearAddress();
                if (!c.la57() && signExtend(la, 57) == la && signExtend(la, 48) != la) {
                    classes.merge("edge 57-bit-canonical LA under 4-level paging", 1, Integer::sum);
                }
                if (c.la57() && signExtend(la, 48) == la && k.expected().succeeded()) {
                    classes.merge("edge 48-bit-canonical LA translated by 5-level paging", 1, Integer::sum);
                }
                long distinct = k.expected().steps().stream().mapToLong(Step::address).distinct().count();
                if (distinct < k.expected().steps().size()) {
                    classes.merge("edge same entry used at two levels" + (k.expected().succeeded() ? " (success)"
                            : ""), 1, Integer::sum);
                }
                if (c.recursive()) {
                    classes.merge("edge recursive table on the path", 1, Integer::sum);
                }
                if (c.maxPhysAddr() == 52 && k.expected().succeeded()) {
                    classes.merge("edge MAXPHYADDR=52 success", 1, Integer::sum);
                }
                classes.merge("access " + w.type() + (w.user() ? "/user" : "/supervisor") + " "
                        + outcomeClass(k.expected()), 1, Integer::sum);
                if (only != null) {
                    System.out.println(dump(k));
                }
                if (!k.diffs().isEmpty()) {
                    mismatches++;
                    if (reports.size() < MAX_REPORTED_MISMATCHES) {
                        reports.add(dump(k));
                    }
                }
            }
        }

        String coverage = coverageReport(walks, mismatches, ruleHits, classes);
        System.out.println(coverage);
        Path out = Path.of("target", "walkref-coverage.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, coverage, StandardCharsets.UTF_8);

        if (mismatches > 0) {
            fail(mismatches + " of " + walks + " walks disagree with the SDM reference model; first "
                    + reports.size() + ":\n" + String.join("\n", reports));
        }
        if (only == null) {
            assertTrue(to - from >= 10_000, "at least 10,000 configurations");
            List<String> thin = new ArrayList<>();
            ruleHits.forEach((rule, n) -> {
                if (n < MIN_HITS_PER_RULE) {
                    thin.add(rule + "=" + n);
                }
            });
            assertTrue(thin.isEmpty(), "rules exercised fewer than " + MIN_HITS_PER_RULE + " times: " + thin
                    + "\n" + coverage);
            for (String cls : List.of("outcome non-canonical", "outcome not-present", "outcome reserved-bit",
                    "outcome protection", "outcome success", "edge 57-bit-canonical LA under 4-level paging",
                    "edge 48-bit-canonical LA translated by 5-level paging", "edge MAXPHYADDR=52 success",
                    "edge recursive table on the path", "edge same entry used at two levels (success)")) {
                assertTrue(classes.getOrDefault(cls, 0) >= MIN_HITS_PER_RULE, "class '" + cls + "' too rare\n"
                        + coverage);
            }
            for (AccessType t : TYPES) {
                for (String mode : List.of("/user", "/supervisor")) {
                    for (String cls : List.of("success", "protection", "not-present", "reserved-bit")) {
                        String key = "access " + t + mode + " " + cls;
                        assertTrue(classes.getOrDefault(key, 0) >= MIN_HITS_PER_RULE, key + " too rare\n" + coverage);
                    }
                }
            }
        }
    }

    static String outcomeClass(Outcome o) {
        if (o.nonCanonical()) {
            return "non-canonical";
        }
        if (!o.pageFault()) {
            return "success";
        }
        if ((o.errorCode() & WalkerReferenceModel.PF_P) == 0) {
            return "not-present";
        }
        if ((o.errorCode() & WalkerReferenceModel.PF_RSVD) != 0) {
            return "reserved-bit";
        }
        return "protection";
    }

    static String coverageReport(int walks, int mismatches, Map<Rule, Integer> ruleHits, Map<String, Integer> classes) {
        StringBuilder sb = new StringBuilder();
        sb.append("WalkerReferencePropertyTest: ").append(CONFIGS).append(" configurations, ").append(walks)
                .append(" walks, ").append(mismatches).append(" mismatches (master seed ")
                .append(hex(MASTER_SEED)).append(")\n");
        sb.append("-- SDM rules exercised (walks) --\n");
        ruleHits.forEach((rule, n) -> sb.append(String.format("  %-56s %7d%n", rule, n)));
        sb.append("-- outcome classes --\n");
        classes.forEach((k, n) -> sb.append(String.format("  %-56s %7d%n", k, n)));
        return sb.toString();
    }

    /** The generator is deterministic: the same index always yields the same configuration and walks. */
    @Test
    void generatorIsDeterministic() {
        for (int i : new int[] {0, 1, 777, CONFIGS - 1}) {
            Config a = generate(i);
            Config b = generate(i);
            assertEquals(a.path(), b.path());
            assertEquals(a.cr3(), b.cr3());
            assertEquals(a.linearAddress(), b.linearAddress());
            assertEquals(a.memory().stateHash(), b.memory().stateHash());
            assertEquals(walksOf(a), walksOf(b).stream()
                    .map(w -> new Walk(a, w.cr(), w.type(), w.user(), w.setAccessedDirty())).toList());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Directed checks of the reference model itself against hand-worked SDM examples, so the model
    // cannot drift into agreeing with a buggy walker.
    // ------------------------------------------------------------------------------------------------

    private static final long P = 1;
    private static final long RW = 2;
    private static final long US = 4;
    private static final long PS = 0x80;

    /** Builds a 4-level chain for LA 0x0000_7f12_3456_7abc (idx 254/72/418/359, off 0xabc). */
    private static Map<Long, Long> chain4k(long pml4e, long pdpte, long pde, long pte) {
        Map<Long, Long> m = new LinkedHashMap<>();
        m.put(0x1000L + 254 * 8, pml4e | 0x2000);
        m.put(0x2000L + 72 * 8, pdpte | 0x3000);
        m.put(0x3000L + 418 * 8, pde | 0x4000);
        m.put(0x4000L + 359 * 8, pte);
        return m;
    }

    private static final long LA = 0x0000_7f12_3456_7abcL;

    private static Machine machine(boolean wp, boolean smep, boolean smap, boolean ac, boolean pke, boolean nxe,
            int pkru) {
        return new Machine(46, 0x1000, wp, false, smep, smap, pke, nxe, ac, pkru);
    }

    private static Outcome run(Machine m, Map<Long, Long> mem, Access a, boolean user) {
        return WalkerReferenceModel.translate(m, LA, a, user, addr -> mem.getOrDefault(addr, 0L), true);
    }

    @Test
    void referenceModelMatchesHandWorkedSdmExamples() {
        assertEquals(254, (LA >>> 39) & 0x1FF);
        assertEquals(72, (LA >>> 30) & 0x1FF);
        assertEquals(418, (LA >>> 21) & 0x1FF);
        assertEquals(359, (LA >>> 12) & 0x1FF);
        Machine plain = machine(true, false, false, false, false, true, 0);

        // Success, user read from a user RW page: pa = frame | offset, A set everywhere, no D.
        Map<Long, Long> ok = chain4k(P | RW | US, P | RW | US, P | RW | US, P | RW | US | 0x0000_00ab_cdef_0000L);
        Outcome o = run(plain, ok, Access.READ, true);
        assertTrue(o.succeeded());
        assertEquals(0x0000_00ab_cdef_0abcL, o.physicalAddress());
        assertEquals(4, o.writes().size());
        assertEquals(P | RW | US | 0x20 | 0x0000_00ab_cdef_0000L, o.writes().get(0x4000L + 359 * 8));
        // A write sets D in the leaf only.
        o = run(plain, ok, Access.WRITE, true);
        assertEquals(P | RW | US | 0x60 | 0x0000_00ab_cdef_0000L, o.writes().get(0x4000L + 359 * 8));
        assertEquals(P | RW | US | 0x20 | 0x3000, o.writes().get(0x2000L + 72 * 8));

        // Not present at the PD: ec = U|W (no P), terminal = frame bits of the PDE | offset.
        Map<Long, Long> np = chain4k(P | RW | US, P | RW | US, 0, 0);
        np.put(0x3000L + 418 * 8, 0x0000_0123_4567_8000L); // P=0, stale frame
        o = run(plain, np, Access.WRITE, true);
        assertEquals(WalkerReferenceModel.PF_WR | WalkerReferenceModel.PF_US, o.errorCode());
        assertEquals(WalkerReferenceModel.PD, o.faultLevel());
        assertEquals(0x0000_0123_4567_8abcL, o.terminalPhysicalAddress());
        assertEquals(3, o.steps().size());
        assertTrue(o.writes().isEmpty());

        // Bit 46 set with MAXPHYADDR=46: reserved; ec = P|RSVD|I/D for a supervisor fetch with NXE.
        Map<Long, Long> rs = chain4k(P | RW, P | RW | (1L << 46), P | RW, P | RW);
        o = run(plain, rs, Access.FETCH, false);
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_RSVD | WalkerReferenceModel.PF_ID,
                o.errorCode());
        assertEquals(WalkerReferenceModel.PDPT, o.faultLevel());

        // XD with NXE=0 is reserved; fetch then has no I/D bit (SMEP=0).
        Map<Long, Long> xd = chain4k(P | RW, P | RW, P | RW, P | RW | (1L << 63));
        o = run(machine(true, false, false, false, false, false, 0), xd, Access.FETCH, false);
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_RSVD, o.errorCode());
        // ... and with NXE=1 it is a protection fault with I/D, and the page is not executable.
        o = run(plain, xd, Access.FETCH, false);
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_ID, o.errorCode());
        assertFalse(o.executable());

        // 2 MiB page: PD bits 20:13 reserved, bit 12 (PAT) is not.
        Map<Long, Long> big = chain4k(P | RW, P | RW, 0, 0);
        big.remove(0x4000L + 359 * 8);
        big.put(0x3000L + 418 * 8, P | RW | PS | 0x1000 | 0x0000_0040_0020_0000L);
        o = run(plain, big, Access.READ, false);
        assertTrue(o.succeeded());
        assertEquals(21, o.pageShift());
        assertEquals(0x0000_0040_0020_0000L | (LA & 0x1F_FFFF), o.physicalAddress());
        big.put(0x3000L + 418 * 8, P | RW | PS | 0x2000 | 0x0000_0040_0020_0000L);
        o = run(plain, big, Access.READ, false);
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_RSVD, o.errorCode());

        // Supervisor write to a read-only supervisor page: faults with WP=1, allowed with WP=0.
        Map<Long, Long> ro = chain4k(P | RW, P, P | RW, P | RW);
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_WR, run(plain, ro, Access.WRITE, false)
                .errorCode());
        assertTrue(run(machine(false, false, false, false, false, true, 0), ro, Access.WRITE, false).succeeded());

        // SMAP: supervisor read of a user page faults unless AC=1; SMEP: supervisor fetch of a user page.
        Map<Long, Long> user = chain4k(P | RW | US, P | RW | US, P | RW | US, P | RW | US);
        assertEquals(WalkerReferenceModel.PF_P, run(machine(true, false, true, false, false, true, 0), user,
                Access.READ, false).errorCode());
        assertTrue(run(machine(true, false, true, true, false, true, 0), user, Access.READ, false).succeeded());
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_ID, run(machine(true, true, false, false,
                false, false, 0), user, Access.FETCH, false).errorCode());

        // Protection key 5: WD blocks a user write and (WP=1) a supervisor write; AD blocks reads; fetch unaffected.
        Map<Long, Long> pk = chain4k(P | RW | US, P | RW | US, P | RW | US, P | RW | US | (5L << 59));
        int wd5 = 1 << 11;
        int ad5 = 1 << 10;
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_WR | WalkerReferenceModel.PF_US
                | WalkerReferenceModel.PF_PK, run(machine(true, false, false, false, true, true, wd5), pk,
                Access.WRITE, true).errorCode());
        assertTrue(run(machine(false, false, false, false, true, true, wd5), pk, Access.WRITE, false).succeeded());
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_WR | WalkerReferenceModel.PF_PK,
                run(machine(true, false, false, false, true, true, wd5), pk, Access.WRITE, false).errorCode());
        assertEquals(WalkerReferenceModel.PF_P | WalkerReferenceModel.PF_US | WalkerReferenceModel.PF_PK,
                run(machine(true, false, false, false, true, true, ad5), pk, Access.READ, true).errorCode());
        assertTrue(run(machine(true, false, false, false, true, true, ad5 | wd5), pk, Access.FETCH, true)
                .succeeded());
        // PKE=0: keys ignored.
        assertTrue(run(machine(true, false, false, false, false, true, ad5), pk, Access.READ, true).succeeded());

        // Non-canonical: bit 47 set but 63:48 clear.
        Outcome nc = WalkerReferenceModel.translate(plain, 0x0000_8000_0000_0000L, Access.READ, false, a -> 0, true);
        assertTrue(nc.nonCanonical());
        assertTrue(nc.steps().isEmpty());
        // ... but canonical with LA57.
        Machine five = new Machine(46, 0x1000, true, true, false, false, false, true, false, 0);
        Outcome c5 = WalkerReferenceModel.translate(five, 0x0000_8000_0000_0000L, Access.READ, false, a -> 0, true);
        assertFalse(c5.nonCanonical());
        assertEquals(WalkerReferenceModel.PML5, c5.faultLevel());
        assertEquals(0x1000L, c5.steps().get(0).address());
    }
}
