package dev.asiscope.sim.tables;

/**
 * One named field of a paging-structure entry, as the Intel SDM names it.
 *
 * @param name    SDM name ({@code P}, {@code R/W}, {@code U/S}, {@code PS}, {@code XD}, ...)
 * @param low     lowest bit of the field
 * @param high    highest bit of the field (equal to {@code low} for a flag)
 * @param value   the field's value in the entry
 * @param meaning what the field's value means here, in a few words (for a flag: what 1, or 0, does)
 */
public record EntryBit(String name, int low, int high, long value, String meaning) {
    /** Bit range as the SDM writes it: {@code 7} or {@code 62:59}. */
    public String bits() {
        return low == high ? Integer.toString(low) : high + ":" + low;
    }
}
