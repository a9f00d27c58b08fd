package dev.asiscope.sim.security;

/**
 * Which page table translates an access: the host kernel's full table, a restricted ASI table (of a VM's
 * KVM class, a process's user class, or the idle class), a process's PTI user table, a guest's own table,
 * or a VM's EPT. Values (records) compare with {@code equals} and state hashes read their components. In
 * words ({@code restricted vm1 (KVM class)}, ...): {@code scenario.AddressSpaceText}.
 */
public sealed interface AddressSpaceId {
    /** The host kernel's full page table (also a process's kernel table with PTI). */
    Full FULL = new Full();
    /** The idle class's restricted table (global non-sensitive memory only). */
    RestrictedIdle IDLE = new RestrictedIdle();

    /** The KVM class's restricted table of VM {@code vm} (one shared instance per small VM number). */
    static RestrictedVm restrictedVm(int vm) {
        return InternedIds.restrictedVm(vm);
    }

    /** A guest's own page table of VM {@code vm} (one shared instance per small VM number). */
    static Guest guest(int vm) {
        return InternedIds.guest(vm);
    }

    /** The user class's restricted table of process {@code process} (kpti-on-asi). */
    static RestrictedProcess restrictedProcess(int process) {
        return new RestrictedProcess(process);
    }

    /** A restricted ASI table: what {@code asi_enter} switches to. */
    sealed interface Restricted extends AddressSpaceId {
    }

    /** The host kernel's full page table. */
    record Full() implements AddressSpaceId {
    }

    /** A VM's KVM-class restricted table (ASI): the kernel as the VM's exits may see it. */
    record RestrictedVm(int vm) implements Restricted {
    }

    /** A process's user-class restricted table (kpti-on-asi). */
    record RestrictedProcess(int process) implements Restricted {
    }

    /** The idle class's restricted table. */
    record RestrictedIdle() implements Restricted {
    }

    /** A process's kernel table (its half of the PTI pair: the kernel mapped, the process's user pages too). */
    record ProcessKernel(int process) implements AddressSpaceId {
    }

    /** A process's PTI user table (the kernel unmapped but for the entry trampoline). */
    record PtiUser(int process) implements AddressSpaceId {
    }

    /** A guest's own page table (translated on through its VM's EPT). */
    record Guest(int vm) implements AddressSpaceId {
    }

    /** A VM's EPT (guest-physical to host-physical). */
    record Ept(int vm) implements AddressSpaceId {
    }
}
