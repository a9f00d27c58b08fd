package dev.asiscope.scenario.importer;

import java.util.List;

/**
 * The exit-count tables of a bcc {@code kvmexit.py}, perf-prof {@code kvm-exit} or counter-dump output.
 *
 * @param tables          tables in input order (never empty)
 * @param skippedLines    non-blank lines that were neither table nor context
 * @param skippedExamples up to {@link SkippedLine#MAX_EXAMPLES} of them
 * @param notes           human-readable remarks
 */
public record ExitCountReport(List<ExitCountTable> tables, int skippedLines, List<SkippedLine> skippedExamples,
                              List<String> notes) {
    public ExitCountReport {
        tables = List.copyOf(tables);
        skippedExamples = List.copyOf(skippedExamples);
        notes = List.copyOf(notes);
    }

    /** The exit mix of the first table. */
    public ExitMix exitMix() {
        return tables.get(0).exitMix();
    }
}
