package dev.asiscope.scenario.importer;

import java.util.List;
import java.util.Optional;

/**
 * The tables of a {@code perf kvm stat report} / {@code live} output. Most inputs hold one table; blog
 * posts and mails often hold several ({@code --event=vmexit}, {@code mmio}, {@code ioport}, one per
 * vCPU, before/after).
 *
 * @param tables          the tables in input order (never empty)
 * @param skippedLines    non-blank lines that were neither table nor context (prose, markdown, stderr)
 * @param skippedExamples up to {@link SkippedLine#MAX_EXAMPLES} of them
 * @param notes           human-readable remarks
 */
public record PerfKvmStatReport(List<PerfKvmStatTable> tables, int skippedLines, List<SkippedLine> skippedExamples,
                                List<String> notes) {

    public PerfKvmStatReport {
        tables = List.copyOf(tables);
        skippedExamples = List.copyOf(skippedExamples);
        notes = List.copyOf(notes);
    }

    /** The first table's rows (the common single-table case). */
    public List<PerfKvmStatRow> rows() {
        return tables.get(0).rows();
    }

    /** The first table. */
    public PerfKvmStatTable first() {
        return tables.get(0);
    }

    /** The first VM-EXIT table, if any. */
    public Optional<PerfKvmStatTable> firstVmExitTable() {
        return tables.stream().filter(t -> t.kind() == PerfKvmStatTable.Kind.VMEXIT).findFirst();
    }

    /** The exit mix of the first VM-EXIT table (or of the first table when there is no VM-EXIT table). */
    public ExitMix exitMix() {
        return firstVmExitTable().orElse(tables.get(0)).exitMix();
    }
}
