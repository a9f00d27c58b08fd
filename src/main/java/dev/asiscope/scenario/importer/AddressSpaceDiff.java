package dev.asiscope.scenario.importer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two address spaces by address coverage of their <em>present</em> ranges, e.g.
 * {@code current_kernel} vs {@code current_user} (what PTI unmaps) or a full vs a restricted (ASI)
 * address space.
 *
 * <p>{@link #onlyInA()} are the address intervals mapped in A but not in B, {@link #onlyInB()} the
 * reverse, and {@link #flagDifferences()} the intervals mapped in both with different flags or level.
 * Intervals are maximal (adjacent pieces with the same kind are coalesced) and in address order.
 *
 * @param a               the first dump's name (or "A")
 * @param b               the second dump's name (or "B")
 * @param onlyInA         mapped only in A
 * @param onlyInB         mapped only in B
 * @param flagDifferences mapped in both, flags or level differ (flags of A and B recorded)
 */
public record AddressSpaceDiff(String a, String b, List<Interval> onlyInA, List<Interval> onlyInB,
                               List<Interval> flagDifferences) {

    /**
     * A half-open address interval {@code [start, end)}; {@code end == 0} means 2<sup>64</sup>.
     *
     * @param start  first address
     * @param end    exclusive end (0 = 2<sup>64</sup>)
     * @param flagsA flags in A ({@code null} when not mapped in A)
     * @param flagsB flags in B ({@code null} when not mapped in B)
     */
    public record Interval(long start, long end, List<String> flagsA, List<String> flagsB) {
        /** Length in bytes. */
        public BigInteger sizeBytes() {
            BigInteger e = end == 0 ? PtdumpRange.TWO_POW_64 : PtdumpRange.unsigned(end);
            return e.subtract(PtdumpRange.unsigned(start));
        }

        @Override
        public String toString() {
            return ImportText.hex16(start) + "-" + ImportText.hex16(end) + " " + PtdumpWriter.sizeText(start, end)
                    + (flagsA == null ? "" : " A=" + String.join(" ", flagsA))
                    + (flagsB == null ? "" : " B=" + String.join(" ", flagsB));
        }
    }

    public AddressSpaceDiff {
        onlyInA = List.copyOf(onlyInA);
        onlyInB = List.copyOf(onlyInB);
        flagDifferences = List.copyOf(flagDifferences);
    }

    /** True when both map exactly the same addresses with the same flags and levels. */
    public boolean identical() {
        return onlyInA.isEmpty() && onlyInB.isEmpty() && flagDifferences.isEmpty();
    }

    /** Total bytes mapped only in A. */
    public BigInteger bytesOnlyInA() {
        return sum(onlyInA);
    }

    /** Total bytes mapped only in B. */
    public BigInteger bytesOnlyInB() {
        return sum(onlyInB);
    }

    private static BigInteger sum(List<Interval> l) {
        BigInteger s = BigInteger.ZERO;
        for (Interval i : l) {
            s = s.add(i.sizeBytes());
        }
        return s;
    }

    /** Compares the present ranges of two dumps. Overlapping ranges within one dump are tolerated (first wins). */
    public static AddressSpaceDiff compare(AddressSpaceDump a, AddressSpaceDump b) {
        List<Seg> sa = segments(a);
        List<Seg> sb = segments(b);
        // Sweep over all boundaries, using BigInteger-free unsigned arithmetic with a "2^64" sentinel.
        List<Interval> onlyA = new ArrayList<>();
        List<Interval> onlyB = new ArrayList<>();
        List<Interval> diff = new ArrayList<>();
        int ia = 0;
        int ib = 0;
        long pos = 0;
        boolean atTop = false;
        while (!atTop && (ia < sa.size() || ib < sb.size())) {
            while (ia < sa.size() && sa.get(ia).endsAtOrBefore(pos)) {
                ia++;
            }
            while (ib < sb.size() && sb.get(ib).endsAtOrBefore(pos)) {
                ib++;
            }
            Seg ca = ia < sa.size() && sa.get(ia).containsStart(pos) ? sa.get(ia) : null;
            Seg cb = ib < sb.size() && sb.get(ib).containsStart(pos) ? sb.get(ib) : null;
            // next boundary
            long next = 0;
            boolean nextTop = true;
            for (Seg s : new Seg[] {ia < sa.size() ? sa.get(ia) : null, ib < sb.size() ? sb.get(ib) : null}) {
                if (s == null) {
                    continue;
                }
                long cand = Long.compareUnsigned(s.start, pos) > 0 ? s.start : s.end;
                boolean candTop = !(Long.compareUnsigned(s.start, pos) > 0) && s.end == 0;
                if (!candTop && (nextTop || Long.compareUnsigned(cand, next) < 0)) {
                    next = cand;
                    nextTop = false;
                }
            }
            long end = nextTop ? 0 : next;
            if (ca != null && cb == null) {
                add(onlyA, pos, end, ca.flags, null);
            } else if (ca == null && cb != null) {
                add(onlyB, pos, end, null, cb.flags);
            } else if (ca != null && (!ca.flags.equals(cb.flags) || ca.level != cb.level)) {
                add(diff, pos, end, ca.flagsWithLevel(), cb.flagsWithLevel());
            }
            if (nextTop) {
                atTop = true;
            } else {
                pos = next;
            }
        }
        return new AddressSpaceDiff(a.name() == null ? "A" : a.name(), b.name() == null ? "B" : b.name(), onlyA,
                onlyB, diff);
    }

    private static void add(List<Interval> out, long start, long end, List<String> fa, List<String> fb) {
        if (!out.isEmpty()) {
            Interval last = out.get(out.size() - 1);
            if (last.end() == start && last.end() != 0 && java.util.Objects.equals(last.flagsA(), fa)
                    && java.util.Objects.equals(last.flagsB(), fb)) {
                out.set(out.size() - 1, new Interval(last.start(), end, fa, fb));
                return;
            }
            if (last.end() == start && last.end() != 0 && fa == null == (last.flagsA() == null)
                    && fb == null == (last.flagsB() == null) && (fa == null || fb == null)) {
                // Coalesce "only in" pieces regardless of flags; keep the first piece's flags.
                out.set(out.size() - 1, new Interval(last.start(), end, last.flagsA(), last.flagsB()));
                return;
            }
        }
        out.add(new Interval(start, end, fa, fb));
    }

    private record Seg(long start, long end, List<String> flags, PtdumpLevel level) {
        boolean endsAtOrBefore(long pos) {
            return end != 0 && Long.compareUnsigned(end, pos) <= 0;
        }

        boolean containsStart(long pos) {
            return Long.compareUnsigned(start, pos) <= 0 && (end == 0 || Long.compareUnsigned(pos, end) < 0);
        }

        List<String> flagsWithLevel() {
            List<String> l = new ArrayList<>(flags);
            l.add(level.linuxName());
            return l;
        }
    }

    private static List<Seg> segments(AddressSpaceDump d) {
        List<Seg> out = new ArrayList<>();
        for (PtdumpRange r : d.ranges()) {
            if (!r.present() || (!r.endWraps() && Long.compareUnsigned(r.start(), r.end()) >= 0)) {
                continue;
            }
            out.add(new Seg(r.start(), r.end(), r.flags(), r.level()));
        }
        out.sort((x, y) -> Long.compareUnsigned(x.start, y.start));
        // Drop overlaps: clip each segment to start after the previous one's end.
        List<Seg> clean = new ArrayList<>();
        for (Seg s : out) {
            if (!clean.isEmpty()) {
                Seg p = clean.get(clean.size() - 1);
                if (p.end == 0) {
                    break;
                }
                if (Long.compareUnsigned(s.start, p.end) < 0) {
                    if (s.end != 0 && Long.compareUnsigned(s.end, p.end) <= 0) {
                        continue;
                    }
                    s = new Seg(p.end, s.end, s.flags, s.level);
                }
            }
            clean.add(s);
        }
        return clean;
    }
}
