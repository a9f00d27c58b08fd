package dev.asiscope.sim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Interned contexts and ids are the values asked for, one instance each, and equal to fresh ones. */
class InternedIdsTest {
    @Test
    void internedContextsAreTheValuesAskedFor() {
        for (boolean kernel : new boolean[] {false, true}) {
            for (int vm : new int[] {0, 1, 63, 64, 500}) {
                for (int vcpu : new int[] {0, 7, 63, 64}) {
                    Context c = Context.guest(vm, vcpu, kernel);
                    assertEquals(new Context(kernel ? ContextKind.GUEST_KERNEL : ContextKind.GUEST_USER, vm, vcpu,
                            -1), c);
                    if (vm < 64 && vcpu < 64) {
                        assertSame(c, Context.guest(vm, vcpu, kernel));
                    }
                }
            }
        }
        for (boolean restricted : new boolean[] {false, true}) {
            for (int vm : new int[] {-1, 0, 1, 63, 64}) {
                Context c = Context.hostKernel(restricted, vm);
                assertEquals(new Context(restricted ? ContextKind.HOST_KERNEL_RESTRICTED : ContextKind.HOST_KERNEL_FULL,
                        vm, -1, -1), c);
                if (vm < 64) {
                    assertSame(c, Context.hostKernel(restricted, vm));
                }
            }
        }
    }

    @Test
    void internedAddressSpaceIdsAreTheValuesAskedFor() {
        for (int vm : new int[] {0, 5, 63, 64, -2}) {
            assertEquals(new AddressSpaceId.Guest(vm), AddressSpaceId.guest(vm));
            assertEquals(new AddressSpaceId.RestrictedVm(vm), AddressSpaceId.restrictedVm(vm));
        }
        assertSame(AddressSpaceId.guest(5), AddressSpaceId.guest(5));
        assertSame(AddressSpaceId.restrictedVm(5), AddressSpaceId.restrictedVm(5));
    }
}
