/**
 * Security identities as values: who runs ({@link dev.asiscope.sim.security.SecurityDomain}), whose data a
 * line holds ({@link dev.asiscope.sim.security.DataLabel}) and which page table translates
 * ({@link dev.asiscope.sim.security.AddressSpaceId}). Every other package compares these values; none decodes
 * an identity from a string (the one place a label's name is read is {@link dev.asiscope.sim.security.DataLabel#of}).
 * Depends on nothing else in the simulator.
 */
package dev.asiscope.sim.security;
