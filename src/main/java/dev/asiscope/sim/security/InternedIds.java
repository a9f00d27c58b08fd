package dev.asiscope.sim.security;

/**
 * One shared instance per address-space id of a small VM number: the engine switches to a guest's table or
 * a VM's restricted table on every VM entry, and memoises per thread by identity, so equal instances keep
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
        if (vm < 0 || vm >= VMS) {
            return new AddressSpaceId.Guest(vm);
        }
        AddressSpaceId.Guest g = GUESTS[vm];
        if (g == null) {
            g = new AddressSpaceId.Guest(vm);
            GUESTS[vm] = g;
        }
        return g;
    }

    static AddressSpaceId.RestrictedVm restrictedVm(int vm) {
        if (vm < 0 || vm >= VMS) {
            return new AddressSpaceId.RestrictedVm(vm);
        }
        AddressSpaceId.RestrictedVm r = RESTRICTED[vm];
        if (r == null) {
            r = new AddressSpaceId.RestrictedVm(vm);
            RESTRICTED[vm] = r;
        }
        return r;
    }
}
