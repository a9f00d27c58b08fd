package dev.asiscope.sim.tables;

import dev.asiscope.sim.paging.PagingLevel;

/**
 * One named field of a paging-structure entry, as the Intel SDM names it, with its value and where it stands
 * (what the value means there is worded by {@code scenario.EntryBitText}).
 *
 * @param name   SDM name ({@code P}, {@code R/W}, {@code U/S}, {@code PS}, {@code XD}, ...)
 * @param low    lowest bit of the field
 * @param high   highest bit of the field (equal to {@code low} for a flag)
 * @param value  the field's value in the entry
 * @param format the entry's format (x86 paging or EPT)
 * @param level  the entry's level
 * @param leaf   whether the entry maps a page (present, and at PT or with PS=1)
 */
public record EntryBit(String name, int low, int high, long value, EntryFormat format, PagingLevel level,
        boolean leaf) {
}
