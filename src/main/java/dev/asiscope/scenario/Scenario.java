package dev.asiscope.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * A scenario file (JSON, {@code "format": 1}). Every field has a default, so {@code {"format": 1}} is a
 * valid scenario. The field-by-field reference is {@code docs/scenario-format.md}.
 *
 * @param format      file-format version; only 1 exists
 * @param name        short title shown in the window and reports
 * @param description free text for the reader
 * @param machine     machine geometry
 * @param cpus        per-logical-CPU architectural state, index = CPU number
 * @param memory      raw physical memory contents (page tables, data)
 */
@JsonPropertyOrder({"format", "name", "description", "machine", "cpus", "memory"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(
        Integer format,
        String name,
        String description,
        Machine machine,
        List<Cpu> cpus,
        List<MemoryInit> memory) {

    /** The only format version so far. */
    public static final int FORMAT = 1;

    public Scenario {
        format = format == null ? FORMAT : format;
        if (format != FORMAT) {
            throw new IllegalArgumentException("unsupported format " + format + "; expected 1");
        }
        name = name == null ? "untitled" : name;
        description = description == null ? "" : description;
        machine = machine == null ? new Machine(null) : machine;
        cpus = cpus == null || cpus.isEmpty() ? List.of(Cpu.defaults()) : List.copyOf(cpus);
        memory = memory == null ? List.of() : List.copyOf(memory);
    }

    /**
     * Machine geometry (this slice: physical-address width only).
     *
     * @param maxPhysAddr MAXPHYADDR in bits, 36..52; default 46 (a common server value)
     */
    public record Machine(Integer maxPhysAddr) {
        public Machine {
            maxPhysAddr = maxPhysAddr == null ? 46 : maxPhysAddr;
            if (maxPhysAddr < 36 || maxPhysAddr > 52) {
                throw new IllegalArgumentException("maxPhysAddr must be between 36 and 52, got " + maxPhysAddr);
            }
        }
    }

    /**
     * One logical CPU's paging-relevant registers. Defaults are those of a modern Linux host:
     * CR0.WP, CR4.PGE/SMEP/SMAP and EFER.NXE on; LA57, PCIDE, PKE and RFLAGS.AC off; CR3 0; PKRU 0.
     */
    public record Cpu(
            Cr0 cr0,
            @JsonDeserialize(using = HexLongDeserializer.class) Long cr3,
            Cr4 cr4,
            Efer efer,
            Rflags rflags,
            @JsonDeserialize(using = HexLongDeserializer.class) Long pkru) {
        public Cpu {
            cr0 = cr0 == null ? new Cr0(null) : cr0;
            cr3 = cr3 == null ? 0L : cr3;
            cr4 = cr4 == null ? new Cr4(null, null, null, null, null, null) : cr4;
            efer = efer == null ? new Efer(null) : efer;
            rflags = rflags == null ? new Rflags(null) : rflags;
            pkru = pkru == null ? 0L : pkru;
            if ((pkru >>> 32) != 0) {
                throw new IllegalArgumentException("pkru is a 32-bit register, got " + Hex.of(pkru));
            }
        }

        static Cpu defaults() {
            return new Cpu(null, null, null, null, null, null);
        }
    }

    /** @param wp CR0.WP, default true */
    public record Cr0(Boolean wp) {
        public Cr0 {
            wp = wp == null || wp;
        }
    }

    /** CR4 paging bits; defaults: pge, smep, smap true; la57, pcide, pke false. */
    public record Cr4(Boolean la57, Boolean pcide, Boolean pge, Boolean smep, Boolean smap, Boolean pke) {
        public Cr4 {
            la57 = la57 != null && la57;
            pcide = pcide != null && pcide;
            pge = pge == null || pge;
            smep = smep == null || smep;
            smap = smap == null || smap;
            pke = pke != null && pke;
        }
    }

    /** @param nxe IA32_EFER.NXE, default true */
    public record Efer(Boolean nxe) {
        public Efer {
            nxe = nxe == null || nxe;
        }
    }

    /** @param ac RFLAGS.AC, default false */
    public record Rflags(Boolean ac) {
        public Rflags {
            ac = ac != null && ac;
        }
    }

    /**
     * Consecutive little-endian 64-bit values written from a physical address on.
     *
     * @param address physical address of the first value (8-byte aligned)
     * @param qwords  the values
     */
    public record MemoryInit(
            @JsonDeserialize(using = HexLongDeserializer.class) Long address,
            @JsonDeserialize(contentUsing = HexLongDeserializer.class) List<Long> qwords) {
        public MemoryInit {
            if (address == null) {
                throw new IllegalArgumentException("memory entry needs an \"address\"");
            }
            if ((address & 7) != 0) {
                throw new IllegalArgumentException("address " + Hex.of(address) + " is not 8-byte aligned");
            }
            qwords = qwords == null ? List.of() : List.copyOf(qwords);
        }
    }
}
