package dev.asiscope.bench;

import dev.asiscope.scenario.importer.AddressSpaceDump;
import dev.asiscope.scenario.importer.ImportException;
import dev.asiscope.scenario.importer.KvmExitTrace;
import dev.asiscope.scenario.importer.KvmTraceImporter;
import dev.asiscope.scenario.importer.PtdumpImporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Import throughput. Run once with
 * {@code java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main ImportBenchmark -f 1 -wi 2 -i 3}.
 *
 * <ul>
 *   <li>{@link #kvmTraceLines()}: a synthetic 1,000,000-line ftrace file (kvm_exit in the current and the
 *       older format, kvm_entry, other events, comments) from a byte array; the score is lines per second
 *       (target ≥ 500,000).</li>
 *   <li>{@link #largestPtdump()}: the largest real ptdump sample (Fedora 4.18-rc7 EFI boot dump, 471 lines);
 *       the score is ms per import (target &lt; 100 ms).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ImportBenchmark {
    /** Lines in the synthetic trace. */
    public static final int TRACE_LINES = 1_000_000;

    private byte[] trace;
    private String ptdump;

    @Setup
    public void setup() {
        trace = syntheticTrace(TRACE_LINES);
        try (InputStream in = ImportBenchmark.class.getResourceAsStream(
                "/samples/real/ptdump-lkml-fedora-4.18rc7-intel-efi-1.txt")) {
            ptdump = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A trace of {@code lines} lines: 40% kvm_exit, 40% kvm_entry, 20% other events and comments, 4 vCPUs. */
    public static byte[] syntheticTrace(int lines) {
        String[] reasons = {"EPT_VIOLATION", "MSR_WRITE", "EXTERNAL_INTERRUPT", "HLT", "IO_INSTRUCTION",
            "PREEMPTION_TIMER", "CPUID", "EPT_MISCONFIG"};
        StringBuilder sb = new StringBuilder(lines * 120);
        long usec = 1_404_389_366L;
        for (int i = 0; i < lines; i++) {
            int vcpu = (i / 5) % 4;
            int pid = 8396 + vcpu;
            usec += 1 + (i % 3);
            String ts = String.format(Locale.ROOT, "%d.%06d", usec / 1_000_000, usec % 1_000_000);
            switch (i % 5) {
                case 0, 3 -> {
                    if ((i & 1) == 0) {
                        sb.append(" qemu-system-x86-").append(pid).append("    [00").append(vcpu).append("] d.... ")
                                .append(ts).append(": kvm_exit: vcpu ").append(vcpu).append(" reason ")
                                .append(reasons[(i / 5) % reasons.length])
                                .append(" rip 0xffffffff8100007a info1 0x0000000000000181 info2 0x0000000000000000 "
                                        + "intr_info 0x800000fb error_code 0x00000000\n");
                    } else {
                        sb.append(" qemu-system-x86-").append(pid).append(" [00").append(vcpu).append("] ").append(ts)
                                .append(": kvm_exit:             reason ").append(reasons[(i / 7) % reasons.length])
                                .append(" rip 0x40359f info 582 0\n");
                    }
                }
                case 1, 4 -> sb.append(" qemu-system-x86-").append(pid).append("    [00").append(vcpu)
                        .append("] d.... ").append(ts).append(": kvm_entry: vcpu ").append(vcpu)
                        .append(", rip 0xffffffff8100007c\n");
                default -> {
                    if (i % 50 == 2) {
                        sb.append("# comment line in the trace\n");
                    } else {
                        sb.append(" qemu-system-x86-").append(pid).append("    [00").append(vcpu).append("] ..... ")
                                .append(ts).append(": kvm_msr: msr_write 6e0 = 0x1f3b0d1c2e\n");
                    }
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(TRACE_LINES)
    public KvmExitTrace kvmTraceLines() throws ImportException {
        return new KvmTraceImporter().parse("synthetic",
                new InputStreamReader(new ByteArrayInputStream(trace), StandardCharsets.UTF_8));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AddressSpaceDump largestPtdump() throws ImportException {
        return new PtdumpImporter().parse("efi-1", ptdump);
    }
}
