/**
 * Caches and line fill buffers of the simulated machine, with provenance on every line.
 *
 * <p>{@link dev.asiscope.sim.cache.Cache} is one set-associative write-back cache;
 * {@link dev.asiscope.sim.cache.LineFillBuffers} the per-core fill buffers that MDS samples;
 * {@link dev.asiscope.sim.cache.MemoryHierarchy} wires per-core L1D/L2/LFB and a shared LLC into the
 * topology of the model (L1D and LFBs shared by hyperthreads) and charges latencies from the
 * {@link dev.asiscope.sim.timing.LatencyTable}. Every line carries a
 * {@link dev.asiscope.sim.cache.LineProvenance}: label, logical CPU, context, address space, cycle and kind
 * of access that brought it in. Inspection methods never change state; {@code copy()} and
 * {@code stateHash()} support checkpoints and deterministic replay.
 */
package dev.asiscope.sim.cache;
