package dev.asiscope.sim.paging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * An independent reference model of x86-64 linear-address translation (4-level and 5-level paging),
 * written directly from the Intel SDM Vol. 3A:
 * <ul>
 *   <li>4.5 (4-level and 5-level paging): table layout, index bits, entry formats and reserved bits;</li>
 *   <li>4.6.1 (determination of access rights): U/S, R/W, XD, CR0.WP, CR4.SMEP, CR4.SMAP with RFLAGS.AC;</li>
 *   <li>4.6.2 (protection keys): CR4.PKE, PKRU AD/WD;</li>
 *   <li>4.7 (page-fault exceptions): when a #PF happens and its error code;</li>
 *   <li>4.8 (accessed and dirty flags).</li>
 * </ul>
 *
 * <p>It deliberately shares nothing with the production walker: it takes only primitive values and a
 * qword reader, uses its own bit constants and level numbering (5 = PML5 ... 1 = PT), never touches
 * {@code PageTableEntry}, {@code PagingLevel} or {@code ControlRegisters} helpers, and never writes
 * memory (the A/D updates are returned as a list of writes for the caller to apply).
 *
 * <p>Points where the SDM leaves freedom and the simulator's documented choices (PageWalker's Javadoc,
 * docs/model.md section 1) decide:
 * <ul>
 *   <li>A/D flags on a faulting walk: the SDM allows a processor to set accessed flags of entries it
 *       used even if the access faults; the contract says a faulting walk writes nothing. Modelled as
 *       "nothing written".</li>
 *   <li>CR3 bits above MAXPHYADDR (MOV to CR3 would #GP on real hardware): masked off.</li>
 *   <li>The L1TF "terminal physical address" of a P=0 / reserved-bit fault: entry bits 51:12 (not masked by
 *       MAXPHYADDR) OR'ed with linear-address bits 11:0.</li>
 *   <li>All supervisor-mode accesses are explicit (CPL &lt; 3), so RFLAGS.AC can lift SMAP.</li>
 * </ul>
 */
final class WalkerReferenceModel {

    // ---- Entry bits (SDM Vol. 3A, Tables 4-15 .. 4-20), our own constants ----
    static final long BIT_P = 1L;
    static final long BIT_RW = 1L << 1;
    static final long BIT_US = 1L << 2;
    static final long BIT_A = 1L << 5;
    static final long BIT_D = 1L << 6;
    static final long BIT_PS = 1L << 7;
    static final long BIT_G = 1L << 8;
    static final long BIT_XD = 1L << 63;
    static final int PKEY_LOW_BIT = 59;
    /** Bits 51:12 of an entry or of CR3. */
    static final long BITS_51_12 = 0x000F_FFFF_FFFF_F000L;
    /** Bits 20:13: reserved in a PDE that maps a 2 MiB page (bit 12 is PAT). */
    static final long BITS_20_13 = 0x0000_0000_001F_E000L;
    /** Bits 29:13: reserved in a PDPTE that maps a 1 GiB page (bit 12 is PAT). */
    static final long BITS_29_13 = 0x0000_0000_3FFF_E000L;

    // ---- Page-fault error code (SDM Vol. 3A 4.7, Figure 4-12), our own constants ----
    static final int PF_P = 1;
    static final int PF_WR = 1 << 1;
    static final int PF_US = 1 << 2;
    static final int PF_RSVD = 1 << 3;
    static final int PF_ID = 1 << 4;
    static final int PF_PK = 1 << 5;

    /** Level numbers: 5 = PML5, 4 = PML4, 3 = PDPT, 2 = PD, 1 = PT. */
    static final int PML5 = 5;
    static final int PML4 = 4;
    static final int PDPT = 3;
    static final int PD = 2;
    static final int PT = 1;

    /** The three access kinds, own enumeration. */
    enum Access { READ, WRITE, FETCH }

    /** Every rule of the SDM that a translation can exercise; used for coverage accounting. */
    enum Rule {
        NON_CANONICAL,
        NOT_PRESENT_PML5, NOT_PRESENT_PML4, NOT_PRESENT_PDPT, NOT_PRESENT_PD, NOT_PRESENT_PT,
        RSVD_ADDRESS_ABOVE_MAXPHYADDR, RSVD_PS_IN_PML5E, RSVD_PS_IN_PML4E, RSVD_XD_WITHOUT_NXE,
        RSVD_2M_BITS_20_13, RSVD_1G_BITS_29_13,
        USER_ACCESS_TO_SUPERVISOR_PAGE, USER_WRITE_TO_READ_ONLY, USER_FETCH_FROM_XD,
        SMAP_BLOCKS_READ, SMAP_BLOCKS_WRITE, SMAP_LIFTED_BY_AC,
        SUPERVISOR_WRITE_READ_ONLY_WP1, SUPERVISOR_WRITE_READ_ONLY_WP0_ALLOWED,
        SMEP_BLOCKS_FETCH, SUPERVISOR_FETCH_FROM_XD, SUPERVISOR_FETCH_USER_PAGE_NO_SMEP_ALLOWED,
        PK_AD_USER, PK_AD_SUPERVISOR, PK_WD_USER_WRITE, PK_WD_SUPERVISOR_WRITE_WP1,
        PK_WD_SUPERVISOR_WRITE_WP0_ALLOWED, PK_WD_READ_ALLOWED, PK_IGNORED_FOR_FETCH,
        PK_TOGETHER_WITH_OTHER_VIOLATION,
        ID_BIT_REPORTED, FETCH_FAULT_WITHOUT_ID_BIT,
        SUCCESS_4K, SUCCESS_2M, SUCCESS_1G, SUCCESS_4_LEVEL, SUCCESS_5_LEVEL,
        ACCESSED_BIT_WRITTEN, DIRTY_BIT_WRITTEN, NO_AD_UPDATE_REQUESTED,
        CR3_BITS_ABOVE_MAXPHYADDR_IGNORED
    }

    /** The architectural state the model needs, as raw values. */
    record Machine(int maxPhysAddr, long cr3, boolean cr0Wp, boolean cr4La57, boolean cr4Smep, boolean cr4Smap,
            boolean cr4Pke, boolean eferNxe, boolean rflagsAc, int pkru) {
    }

    /** One entry read: level number (5..1), physical address of the entry, value as read. */
    record Step(int level, long address, long value) {
    }

    /**
     * The model's verdict.
     *
     * @param nonCanonical  the address failed the canonical check (no walk)
     * @param pageFault     a #PF happened
     * @param errorCode     #PF error code (0 unless pageFault)
     * @param faultLevel    level number of the entry that caused a P=0/reserved-bit fault, 0 otherwise
     * @param physicalAddress translated address, -1 on any fault
     * @param pageShift     12, 21 or 30 on success, 0 on a fault
     * @param terminalPhysicalAddress see class comment; -1 unless a P=0 or reserved-bit fault
     * @param writes        entry address -> new value, for A/D updates (empty on faults)
     * @param rules         the SDM rules this translation exercised
     */
    record Outcome(boolean nonCanonical, boolean pageFault, int errorCode, int faultLevel, long physicalAddress,
            int pageShift, boolean writable, boolean user, boolean executable, boolean global, int protectionKey,
            boolean dirty, long terminalPhysicalAddress, List<Step> steps, Map<Long, Long> writes,
            Set<Rule> rules) {
        boolean succeeded() {
            return !nonCanonical && !pageFault;
        }
    }

    private WalkerReferenceModel() {
    }

    /** Bits 51:MAXPHYADDR: the physical-address bits the processor does not implement. */
    static long bitsAboveMaxPhys(int maxPhysAddr) {
        if (maxPhysAddr >= 52) {
            return 0;
        }
        return BITS_51_12 & ~((1L << maxPhysAddr) - 1);
    }

    /** Bits (MAXPHYADDR-1):12. */
    static long implementedFrameBits(int maxPhysAddr) {
        return BITS_51_12 & ~bitsAboveMaxPhys(maxPhysAddr);
    }

    /** Translates {@code la}. {@code read} returns the qword at a physical address. Never writes memory. */
    static Outcome translate(Machine m, long la, Access access, boolean userMode, LongUnaryOperator read,
            boolean setAccessedDirty) {
        EnumSet<Rule> rules = EnumSet.noneOf(Rule.class);
        boolean write = access == Access.WRITE;
        boolean fetch = access == Access.FETCH;

        // SDM 3.3.7.1 / 4.5: linear-address bits 63:47 (63:56 with LA57) must all equal the top
        // implemented bit. Not a page fault; no paging-structure entry is read.
        int width = m.cr4La57() ? 57 : 48;
        long signBits = la >> (width - 1); // arithmetic shift: 0 or -1 when canonical
        if (signBits != 0 && signBits != -1) {
            rules.add(Rule.NON_CANONICAL);
            return new Outcome(true, false, 0, 0, -1, 0, false, false, false, false, 0, false, -1,
                    List.of(), Map.of(), rules);
        }

        // Error-code bits that describe the access itself (SDM 4.7).
        int accessBits = 0;
        if (write) {
            accessBits |= PF_WR;
        }
        if (userMode) {
            accessBits |= PF_US;
        }
        if (fetch && (m.eferNxe() || m.cr4Smep())) {
            accessBits |= PF_ID; // I/D reported only if NXE=1 or SMEP=1 (PAE is on in IA-32e mode)
        }

        long unimplemented = bitsAboveMaxPhys(m.maxPhysAddr());
        long tableBase = m.cr3() & implementedFrameBits(m.maxPhysAddr());
        if ((m.cr3() & unimplemented) != 0) {
            rules.add(Rule.CR3_BITS_ABOVE_MAXPHYADDR_IGNORED);
        }

        List<Step> steps = new ArrayList<>(5);
        boolean allRw = true;
        boolean allUs = true;
        boolean anyXd = false;
        long leafEntry = 0;
        int leafLevel = 0;
        for (int level = m.cr4La57() ? PML5 : PML4; level >= PT; level--) {
            int indexShift = 12 + 9 * (level - 1);
            long index = (la >>> indexShift) & 0x1FF;
            long entryAddress = tableBase | (index << 3);
            long e = read.applyAsLong(entryAddress);
            steps.add(new Step(level, entryAddress, e));

            if ((e & BIT_P) == 0) {
                rules.add(switch (level) {
                    case PML5 -> Rule.NOT_PRESENT_PML5;
                    case PML4 -> Rule.NOT_PRESENT_PML4;
                    case PDPT -> Rule.NOT_PRESENT_PDPT;
                    case PD -> Rule.NOT_PRESENT_PD;
                    default -> Rule.NOT_PRESENT_PT;
                });
                return terminal(accessBits, level, e, la, steps, rules, fetch);
            }

            boolean isLargeLeaf = (level == PDPT || level == PD) && (e & BIT_PS) != 0;
            // Reserved bits of a present entry (SDM 4.5, Tables 4-15..4-20; 4.7 RSVD).
            long reserved = 0;
            if ((e & unimplemented) != 0) {
                rules.add(Rule.RSVD_ADDRESS_ABOVE_MAXPHYADDR);
                reserved |= e & unimplemented;
            }
            if (!m.eferNxe() && (e & BIT_XD) != 0) {
                rules.add(Rule.RSVD_XD_WITHOUT_NXE);
                reserved |= BIT_XD;
            }
            if ((level == PML5 || level == PML4) && (e & BIT_PS) != 0) {
                rules.add(level == PML5 ? Rule.RSVD_PS_IN_PML5E : Rule.RSVD_PS_IN_PML4E);
                reserved |= BIT_PS;
            }
            if (isLargeLeaf && level == PD && (e & BITS_20_13) != 0) {
                rules.add(Rule.RSVD_2M_BITS_20_13);
                reserved |= e & BITS_20_13;
            }
            if (isLargeLeaf && level == PDPT && (e & BITS_29_13) != 0) {
                rules.add(Rule.RSVD_1G_BITS_29_13);
                reserved |= e & BITS_29_13;
            }
            if (reserved != 0) {
                return terminal(accessBits | PF_P | PF_RSVD, level, e, la, steps, rules, fetch);
            }

            allRw &= (e & BIT_RW) != 0;
            allUs &= (e & BIT_US) != 0;
            anyXd |= (e & BIT_XD) != 0; // only reachable with NXE=1 (else reserved)

            if (level == PT || isLargeLeaf) {
                leafEntry = e;
                leafLevel = level;
                break;
            }
            tableBase = e & implementedFrameBits(m.maxPhysAddr());
        }

        // ---- Access rights, SDM 4.6.1 ----
        boolean userAddress = allUs;
        boolean xdBlocks = m.eferNxe() && anyXd;
        boolean violation = false;
        if (userMode) {
            if (!userAddress) {
                rules.add(Rule.USER_ACCESS_TO_SUPERVISOR_PAGE);
                violation = true;
            }
            if (write && !allRw) {
                rules.add(Rule.USER_WRITE_TO_READ_ONLY); // CR0.WP irrelevant for user-mode accesses
                violation = true;
            }
            if (fetch && xdBlocks) {
                rules.add(Rule.USER_FETCH_FROM_XD);
                violation = true;
            }
        } else if (fetch) {
            if (userAddress && m.cr4Smep()) {
                rules.add(Rule.SMEP_BLOCKS_FETCH);
                violation = true;
            } else if (userAddress) {
                rules.add(Rule.SUPERVISOR_FETCH_USER_PAGE_NO_SMEP_ALLOWED);
            }
            if (xdBlocks) {
                rules.add(Rule.SUPERVISOR_FETCH_FROM_XD);
                violation = true;
            }
        } else {
            // Explicit supervisor-mode data access.
            boolean smapBlocks = userAddress && m.cr4Smap() && !m.rflagsAc();
            if (smapBlocks) {
                rules.add(write ? Rule.SMAP_BLOCKS_WRITE : Rule.SMAP_BLOCKS_READ);
                violation = true;
            } else if (userAddress && m.cr4Smap()) {
                rules.add(Rule.SMAP_LIFTED_BY_AC);
            }
            if (write && !allRw) {
                if (m.cr0Wp()) {
                    rules.add(Rule.SUPERVISOR_WRITE_READ_ONLY_WP1);
                    violation = true;
                } else if (!smapBlocks) {
                    rules.add(Rule.SUPERVISOR_WRITE_READ_ONLY_WP0_ALLOWED);
                }
            }
        }

        // ---- Protection keys, SDM 4.6.2: data accesses to user-mode addresses only ----
        int key = (int) ((leafEntry >>> PKEY_LOW_BIT) & 0xF);
        boolean pkViolation = false;
        if (m.cr4Pke() && userAddress) {
            boolean ad = ((m.pkru() >>> (2 * key)) & 1) != 0;
            boolean wd = ((m.pkru() >>> (2 * key + 1)) & 1) != 0;
            if (fetch) {
                if (ad || wd) {
                    rules.add(Rule.PK_IGNORED_FOR_FETCH);
                }
            } else if (ad) {
                rules.add(userMode ? Rule.PK_AD_USER : Rule.PK_AD_SUPERVISOR);
                pkViolation = true;
            } else if (wd && write) {
                if (userMode) {
                    rules.add(Rule.PK_WD_USER_WRITE);
                    pkViolation = true;
                } else if (m.cr0Wp()) {
                    rules.add(Rule.PK_WD_SUPERVISOR_WRITE_WP1);
                    pkViolation = true;
                } else {
                    rules.add(Rule.PK_WD_SUPERVISOR_WRITE_WP0_ALLOWED);
                }
            } else if (wd) {
                rules.add(Rule.PK_WD_READ_ALLOWED);
            }
        }

        int pageShift = 12 + 9 * (leafLevel - 1);
        boolean executable = !xdBlocks;
        boolean global = (leafEntry & BIT_G) != 0;

        if (violation || pkViolation) {
            // SDM 4.7: P=1 (protection violation); PK=1 iff the access was a data access to a user-mode
            // address whose key PKRU disallows, independent of whether another violation also occurred.
            int ec = accessBits | PF_P | (pkViolation ? PF_PK : 0);
            if (violation && pkViolation) {
                rules.add(Rule.PK_TOGETHER_WITH_OTHER_VIOLATION);
            }
            noteFetchErrorCode(rules, fetch, ec);
            return new Outcome(false, true, ec, 0, -1, 0, allRw, allUs, executable, global, key,
                    (leafEntry & BIT_D) != 0, -1, steps, Map.of(), rules);
        }

        // ---- Success: SDM 4.8 accessed/dirty flags ----
        Map<Long, Long> writes = new LinkedHashMap<>();
        boolean dirty = (leafEntry & BIT_D) != 0;
        if (setAccessedDirty) {
            for (Step s : steps) {
                long v = s.value() | BIT_A;
                if (s.level() == leafLevel && write) {
                    v |= BIT_D;
                }
                if (v != s.value()) {
                    if ((s.value() & BIT_A) == 0) {
                        rules.add(Rule.ACCESSED_BIT_WRITTEN);
                    }
                    if ((v & ~s.value() & BIT_D) != 0) {
                        rules.add(Rule.DIRTY_BIT_WRITTEN);
                    }
                    writes.put(s.address(), v);
                }
            }
            dirty |= write;
        } else {
            rules.add(Rule.NO_AD_UPDATE_REQUESTED);
        }
        long frame = leafEntry & implementedFrameBits(m.maxPhysAddr()) & ~((1L << pageShift) - 1);
        long pa = frame | (la & ((1L << pageShift) - 1));
        rules.add(switch (leafLevel) {
            case PT -> Rule.SUCCESS_4K;
            case PD -> Rule.SUCCESS_2M;
            default -> Rule.SUCCESS_1G;
        });
        rules.add(m.cr4La57() ? Rule.SUCCESS_5_LEVEL : Rule.SUCCESS_4_LEVEL);
        return new Outcome(false, false, 0, 0, pa, pageShift, allRw, allUs, executable, global, key, dirty, -1,
                steps, Collections.unmodifiableMap(writes), rules);
    }

    private static Outcome terminal(int ec, int level, long entry, long la, List<Step> steps, EnumSet<Rule> rules,
            boolean fetch) {
        noteFetchErrorCode(rules, fetch, ec);
        long terminal = (entry & BITS_51_12) | (la & 0xFFF);
        return new Outcome(false, true, ec, level, -1, 0, false, false, false, false, 0, false, terminal, steps,
                Map.of(), rules);
    }

    private static void noteFetchErrorCode(EnumSet<Rule> rules, boolean fetch, int ec) {
        if (fetch) {
            rules.add((ec & PF_ID) != 0 ? Rule.ID_BIT_REPORTED : Rule.FETCH_FAULT_WITHOUT_ID_BIT);
        }
    }
}
