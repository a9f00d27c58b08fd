package dev.asiscope.ui;

import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The Events table's filter: kinds, one CPU, and a text that must occur (case-insensitively) in the
 * detail, the label, the kind's name or the hex address. Tested against the log's columns so that a
 * million events filter in a fraction of a second: the kind first (no event is materialised for the
 * kinds left out), and each distinct detail or label string lower-cased once per filter (the engine
 * reuses a few hundred distinct strings across a run).
 *
 * @param kinds the kinds shown (null: all)
 * @param cpu   the logical CPU shown (-1: all)
 * @param text  lower-case text to find ("" : none)
 */
public record EventFilter(Set<EventKind> kinds, int cpu, String text) {
    public EventFilter {
        kinds = kinds == null || kinds.isEmpty() ? null : EnumSet.copyOf(kinds);
        text = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    /** True when the filter lets every event through. */
    public boolean all() {
        return kinds == null && cpu < 0 && text.isEmpty();
    }

    /** A test of event sequence numbers of {@code log}; valid for one filtering pass (it caches strings). */
    public IntPredicate over(EventLog log) {
        boolean[] kindOk = new boolean[EventKind.values().length];
        boolean[] kindTitleMatches = new boolean[kindOk.length];
        for (EventKind k : EventKind.values()) {
            kindOk[k.ordinal()] = kinds == null || kinds.contains(k);
            kindTitleMatches[k.ordinal()] = !text.isEmpty() && EventText.title(k).contains(text);
        }
        // An address is shown as 0x + hex: only a text made of those characters can match one.
        boolean addressCanMatch = !text.isEmpty() && text.matches("(0x)?[0-9a-f]+|0|0x|x[0-9a-f]*");
        Map<Object, Boolean> seen = new HashMap<>();
        return seq -> {
            EventKind k = log.kindOf(seq);
            if (!kindOk[k.ordinal()]) {
                return false;
            }
            if (cpu < 0 && text.isEmpty()) {
                return true;
            }
            Event e = log.get(seq);
            if (cpu >= 0 && e.cpu() != cpu) {
                return false;
            }
            if (text.isEmpty() || kindTitleMatches[k.ordinal()]) {
                return true;
            }
            return detailContains(seen, e.fact()) || e.label() != null && contains(seen, e.label().name())
                    || addressCanMatch && e.address() >= 0 && ("0x" + Long.toHexString(e.address())).contains(text);
        };
    }

    /** Whether the fact's words contain the text; memoised by fact (equal facts have equal words). */
    private boolean detailContains(Map<Object, Boolean> seen, EventFact f) {
        if (f == null) {
            return false;
        }
        Boolean b = seen.get(f);
        if (b == null) {
            String d = EventText.detail(f);
            b = d != null && d.toLowerCase(Locale.ROOT).contains(text);
            if (seen.size() < 100_000) {
                seen.put(f, b);
            }
        }
        return b;
    }

    private boolean contains(Map<Object, Boolean> seen, String s) {
        if (s == null) {
            return false;
        }
        Boolean b = seen.get(s);
        if (b == null) {
            b = s.toLowerCase(Locale.ROOT).contains(text);
            if (seen.size() < 100_000) {
                seen.put(s, b);
            }
        }
        return b;
    }
}
