package dev.asiscope.sim.engine;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.PlacedRegion;
import java.util.HashMap;
import java.util.IdentityHashMap;

/**
 * What a machine and every copy of it (its checkpoints) share: memos of values derived from the scenario
 * (configuration), each entry made on first use and never changed after. Not state: a copy takes the same instance,
 * the state hash leaves it out, and no checkpoint restores it. Read and written on the thread that runs the
 * machine (a recorded run's copies are only read after it).
 */
final class RunMemos {
    /** One instance per distinct logged fact (not state; shared by copies, which log only when given a log). */
    final HashMap<EventFact, EventFact> factPool = new HashMap<>();
    /**
     * Memo of {@link Machine#resolveRegion}, by the spec's task (by identity: the spec's objects, shared by
     * copies) and region name: a handler step resolves its region on every exit, which built and hashed a
     * {@code name:vmN} string each time. Not state: the layout it reads is fixed for the run.
     */
    final IdentityHashMap<MachineSpec.Task, HashMap<String, PlacedRegion>> regionsByTask = new IdentityHashMap<>();
    /**
     * Memo of {@link VmTransitions#queueHandler}: each handler run's steps, by handler and task (both by
     * identity) and whether it runs from user mode (index 1) or not (0); shared by copies (configuration).
     */
    final IdentityHashMap<Handler, IdentityHashMap<MachineSpec.Task, Step[][]>> handlerSteps =
            new IdentityHashMap<>();
    /** The handlers {@link #handlerSteps} holds, by value (for equal handlers made afresh per use). */
    final HashMap<Handler, Handler> handlerValues = new HashMap<>();
    /**
     * The EXTERNAL_INTERRUPT exit handler that runs a kernel interrupt handler for a vCPU in the guest, by that
     * handler (identity): made once, not a new handler and name per interrupt. A memo shared by copies.
     */
    final IdentityHashMap<Handler, Handler> interruptExitHandlers = new IdentityHashMap<>();
    /**
     * Memo of {@link VmTransitions#defaultExitHandler} by basic exit reason, for the reasons the SDM defines
     * (Vol. 3C Appendix C: all below 128), shared by copies (configuration).
     */
    final Handler[] exitHandlerMemo = new Handler[128];
    /** The logged fact of an exit through {@code exitHandlerMemo[reason]}, by reason; a memo shared by copies. */
    final EventFact.VmExit[] exitFactMemo = new EventFact.VmExit[128];
}
