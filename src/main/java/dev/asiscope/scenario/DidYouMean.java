package dev.asiscope.scenario;

import java.util.Collection;

/** Suggests the closest known name for a misspelt one (Levenshtein distance). */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The closest candidate within a distance of about a third of its length, or null. */
    public static String closest(String wrong, Collection<?> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object o : candidates) {
            String c = String.valueOf(o);
            int d = distance(wrong.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (best == null || bestDistance > Math.max(2, best.length() / 3)) {
            return null;
        }
        return best;
    }

    /** {@code "; did you mean 'x'?"} or the empty string. */
    public static String hint(String wrong, Collection<?> candidates) {
        String c = closest(wrong, candidates);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
