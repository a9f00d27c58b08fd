package dev.asiscope.sim.security;

/**
 * One shared instance per address-space id of a small VM number (and, for {@link Context}, per context): the
 * engine switches to a guest's table or a VM's restricted table on every VM entry, and memoises per thread by
 * identity, so equal instances keep
 * those memos hitting and the entries allocation-free. Ids are values: a racing thread that builds a second
 * instance is as right as the first.
 */
final class InternedIds {
    static final int VMS = 64;
    private static final AddressSpaceId.Guest[] GUESTS = new AddressSpaceId.Guest[VMS];
    private static final AddressSpaceId.RestrictedVm[] RESTRICTED = new AddressSpaceId.RestrictedVm[VMS];

    private InternedIds() {
    }

    static AddressSpaceId.Guest guest(int vm) {
        return interned(GUESTS, vm, AddressSpaceId.Guest::new);
    }

    static AddressSpaceId.RestrictedVm restrictedVm(int vm) {
        return interned(RESTRICTED, vm, AddressSpaceId.RestrictedVm::new);
    }

    /**
     * {@code table[i]}, made by {@code make} the first time; a fresh one for an index outside the table.
     * ({@code make} is a constructor reference, which captures nothing: a lookup allocates nothing.)
     */
    static <T> T interned(T[] table, int i, java.util.function.IntFunction<T> make) {
        if (i < 0 || i >= table.length) {
            return make.apply(i);
        }
        T t = table[i];
        if (t == null) {
            t = make.apply(i);
            table[i] = t;
        }
        return t;
    }
}
