package dev.asiscope.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * One operation of a program as written in a scenario file: an object whose {@code "op"} field names
 * the operation (see docs/scenario-format.md, "Operations"). Addresses accept {@code "0x..."} strings.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OpJson.Compute.class, name = "compute"),
    @JsonSubTypes.Type(value = OpJson.Idle.class, name = "idle"),
    @JsonSubTypes.Type(value = OpJson.Load.class, name = "load"),
    @JsonSubTypes.Type(value = OpJson.Store.class, name = "store"),
    @JsonSubTypes.Type(value = OpJson.Fetch.class, name = "fetch"),
    @JsonSubTypes.Type(value = OpJson.Clflush.class, name = "clflush"),
    @JsonSubTypes.Type(value = OpJson.VmExit.class, name = "vmexit"),
    @JsonSubTypes.Type(value = OpJson.Hlt.class, name = "hlt"),
    @JsonSubTypes.Type(value = OpJson.L1tf.class, name = "l1tf"),
    @JsonSubTypes.Type(value = OpJson.MdsSample.class, name = "mds-sample"),
    @JsonSubTypes.Type(value = OpJson.Meltdown.class, name = "meltdown"),
    @JsonSubTypes.Type(value = OpJson.SpectreV1.class, name = "spectre-v1"),
    @JsonSubTypes.Type(value = OpJson.ProbeFlush.class, name = "probe-flush"),
    @JsonSubTypes.Type(value = OpJson.ProbeReload.class, name = "probe-reload"),
    @JsonSubTypes.Type(value = OpJson.Syscall.class, name = "syscall"),
    @JsonSubTypes.Type(value = OpJson.Irq.class, name = "irq"),
    @JsonSubTypes.Type(value = OpJson.Yield.class, name = "yield"),
    @JsonSubTypes.Type(value = OpJson.AsiEnter.class, name = "asi-enter"),
    @JsonSubTypes.Type(value = OpJson.AsiRelax.class, name = "asi-relax"),
    @JsonSubTypes.Type(value = OpJson.AsiExit.class, name = "asi-exit"),
    @JsonSubTypes.Type(value = OpJson.L1dFlush.class, name = "l1d-flush"),
    @JsonSubTypes.Type(value = OpJson.Verw.class, name = "verw"),
    @JsonSubTypes.Type(value = OpJson.Invlpg.class, name = "invlpg"),
    @JsonSubTypes.Type(value = OpJson.Invpcid.class, name = "invpcid"),
    @JsonSubTypes.Type(value = OpJson.MovCr3.class, name = "mov-cr3"),
    @JsonSubTypes.Type(value = OpJson.Repeat.class, name = "repeat"),
    @JsonSubTypes.Type(value = OpJson.Workload.class, name = "workload")
})
public sealed interface OpJson {

    /** Guest or user work: {@code cycles} cycles touching {@code lines} working-set lines (default 0). */
    record Compute(@JsonDeserialize(using = HexLongDeserializer.class) Long cycles, Integer lines) implements OpJson {
        public Compute {
            positive(cycles, "compute needs \"cycles\" > 0");
            lines = lines == null ? 0 : lines;
            if (lines < 0 || lines > 4096) {
                throw new IllegalArgumentException("lines must be 0..4096");
            }
        }
    }

    record Idle(@JsonDeserialize(using = HexLongDeserializer.class) Long cycles) implements OpJson {
        public Idle {
            positive(cycles, "idle needs \"cycles\" > 0");
        }
    }

    record Load(@JsonDeserialize(using = HexLongDeserializer.class) Long address) implements OpJson {
        public Load {
            required(address, "load needs an \"address\"");
        }
    }

    record Store(@JsonDeserialize(using = HexLongDeserializer.class) Long address) implements OpJson {
        public Store {
            required(address, "store needs an \"address\"");
        }
    }

    record Fetch(@JsonDeserialize(using = HexLongDeserializer.class) Long address) implements OpJson {
        public Fetch {
            required(address, "fetch needs an \"address\"");
        }
    }

    record Clflush(@JsonDeserialize(using = HexLongDeserializer.class) Long address) implements OpJson {
        public Clflush {
            required(address, "clflush needs an \"address\"");
        }
    }

    /** A VM exit; {@code reason} is a VMX exit-reason name ({@code EXTERNAL_INTERRUPT}) or code. */
    record VmExit(String reason) implements OpJson {
        public VmExit {
            required(reason, "vmexit needs a \"reason\" such as \"EXTERNAL_INTERRUPT\"");
        }
    }

    record Hlt() implements OpJson {
    }

    /**
     * L1TF: {@code target} names a host region (with {@code offset}), or {@code hostPhysical} gives the
     * raw host physical address; {@code via} is {@code not-present} (default) or {@code reserved-bit}.
     */
    record L1tf(String target, @JsonDeserialize(using = HexLongDeserializer.class) Long offset,
            @JsonDeserialize(using = HexLongDeserializer.class) Long hostPhysical, String via) implements OpJson {
        public L1tf {
            offset = offset == null ? 0L : offset;
            if ((target == null) == (hostPhysical == null)) {
                throw new IllegalArgumentException("l1tf needs either \"target\" (a region) or \"hostPhysical\"");
            }
        }
    }

    record MdsSample() implements OpJson {
    }

    /** Meltdown of {@code offset} into region {@code target}'s kernel mapping, or of raw {@code address}. */
    record Meltdown(String target, @JsonDeserialize(using = HexLongDeserializer.class) Long offset,
            @JsonDeserialize(using = HexLongDeserializer.class) Long address) implements OpJson {
        public Meltdown {
            offset = offset == null ? 0L : offset;
            if ((target == null) == (address == null)) {
                throw new IllegalArgumentException("meltdown needs either \"target\" (a region) or \"address\"");
            }
        }
    }

    /** Spectre v1; {@code reason} is the VM exit whose KVM handler holds the gadget (guests only). */
    record SpectreV1(String target, @JsonDeserialize(using = HexLongDeserializer.class) Long offset,
            @JsonDeserialize(using = HexLongDeserializer.class) Long address, String reason) implements OpJson {
        public SpectreV1 {
            offset = offset == null ? 0L : offset;
            if ((target == null) == (address == null)) {
                throw new IllegalArgumentException("spectre-v1 needs either \"target\" (a region) or \"address\"");
            }
        }
    }

    record ProbeFlush() implements OpJson {
    }

    record ProbeReload() implements OpJson {
    }

    record Syscall(String handler) implements OpJson {
        public Syscall {
            required(handler, "syscall needs a \"handler\" name");
        }
    }

    record Irq(String handler) implements OpJson {
        public Irq {
            required(handler, "irq needs a \"handler\" name");
        }
    }

    record Yield() implements OpJson {
    }

    record AsiEnter() implements OpJson {
    }

    record AsiRelax() implements OpJson {
    }

    record AsiExit() implements OpJson {
    }

    record L1dFlush() implements OpJson {
    }

    record Verw() implements OpJson {
    }

    record Invlpg(@JsonDeserialize(using = HexLongDeserializer.class) Long address) implements OpJson {
        public Invlpg {
            required(address, "invlpg needs an \"address\"");
        }
    }

    record Invpcid(Integer type, Integer pcid, @JsonDeserialize(using = HexLongDeserializer.class) Long address)
            implements OpJson {
        public Invpcid {
            if (type == null || type < 0 || type > 3) {
                throw new IllegalArgumentException("invpcid needs \"type\" 0..3");
            }
            pcid = pcid == null ? 0 : pcid;
            if (pcid < 0 || pcid > 0xfff) {
                throw new IllegalArgumentException("invpcid \"pcid\" must be 0..4095 (12 bits)");
            }
            address = address == null ? 0L : address;
        }
    }

    record MovCr3(@JsonDeserialize(using = HexLongDeserializer.class) Long value) implements OpJson {
        public MovCr3 {
            required(value, "mov-cr3 needs a \"value\"");
        }
    }

    /** Runs {@code body} {@code count} times; {@code label} names the loop. */
    record Repeat(String label, Integer count, List<OpJson> body) implements OpJson {
        public Repeat {
            if (count == null || count < 0) {
                throw new IllegalArgumentException("repeat needs a \"count\" >= 0");
            }
            label = label == null ? "loop" : label;
            body = body == null ? List.of() : List.copyOf(body);
        }
    }

    /**
     * A generated VM-exit workload: {@code exits} exits, guest time between them exponentially
     * distributed with mean {@code meanGuestCycles}, reasons drawn from {@code mix} (name to weight).
     */
    record Workload(@JsonDeserialize(using = HexLongDeserializer.class) Long exits,
            @JsonDeserialize(using = HexLongDeserializer.class) Long meanGuestCycles, Integer lines,
            Map<String, Double> mix, @JsonDeserialize(using = HexLongDeserializer.class) Long seed,
            Double sensitiveShare) implements OpJson {
        public Workload {
            sensitiveShare = sensitiveShare == null ? 0.0 : sensitiveShare;
            if (!(sensitiveShare >= 0 && sensitiveShare <= 100)) {
                throw new IllegalArgumentException("workload \"sensitiveShare\" is a percentage, 0..100; got "
                        + sensitiveShare);
            }
            positive(exits, "workload needs \"exits\" > 0");
            positive(meanGuestCycles, "workload needs \"meanGuestCycles\" > 0");
            lines = lines == null ? 16 : lines;
            if (mix == null || mix.isEmpty()) {
                throw new IllegalArgumentException("workload needs a \"mix\" of exit reasons, e.g. {\"MSR_WRITE\": 50}");
            }
            seed = seed == null ? 1L : seed;
        }
    }

    private static void required(Object v, String message) {
        if (v == null) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void positive(Long v, String message) {
        if (v == null || v <= 0) {
            throw new IllegalArgumentException(message);
        }
    }
}
