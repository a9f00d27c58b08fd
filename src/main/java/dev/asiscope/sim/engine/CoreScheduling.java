package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.security.SecurityDomain;

/**
 * The VM entry gate and core scheduling (Linux Documentation/admin-guide/hw-vuln/core-scheduling.rst): a vCPU
 * waits at its entry gate while a sibling's stun holds it, or while core scheduling forbids its VM next to
 * what the sibling runs (forced idle); a task switched in on one thread sends a reschedule IPI to a sibling
 * running another cookie's guest. Holds no state: the waits are the threads'.
 */
final class CoreScheduling {
    private final Machine m;

    CoreScheduling(Machine m) {
        this.m = m;
    }

    /**
     * Core scheduling (Linux Documentation/admin-guide/hw-vuln/core-scheduling.rst): when a task of cookie
     * {@code cookie} starts running on {@code t} while the sibling runs a guest of another cookie, the
     * scheduler sends the sibling a reschedule IPI (the core-wide {@code pick_next_task()} calls
     * {@code resched_curr()} on it): its guest takes an EXTERNAL_INTERRUPT exit and the vCPU waits at its
     * entry gate until the cookies match again.
     */
    void reschedSiblingForCookie(HardwareThread t, SecurityDomain cookie) {
        HardwareThread s = m.sibling(t);
        if (!m.policy.coreScheduling() || s == null || !s.online || s.finished || !s.context.kind().isGuest()
                || s.context.domain().equals(cookie)) {
            return;
        }
        m.vmTransitions.kickOutOfGuest(s, new Step.ReschedIpiExit(t.id));
        m.setContext(s, Context.hostKernel(s.currAsi != null, s.context.vm())); // out of the guest now
    }

    long entryGate(HardwareThread t, int vm) {
        if (t.stunnedBy >= 0) {
            block(t, true);
            t.steps.addFirst(Step.ENTRY_GATE);
            return 0;
        }
        if (m.policy.coreScheduling() && !coreSchedulingAllows(t, vm)) {
            if (m.policy.asi() && t.currAsi != null) {
                // Forced idle is a trip through schedule(), which leaves ASI (docs/model.md, section 5:
                // explicit asi_exit at scheduler entry). The idle loop runs in the idle class, so no stun is
                // held. While this thread waits the core runs another VM; the asi_enter before VM entry
                // flushes its data.
                long lat = m.asi.exit(t, new AsiExitCause.ForcedIdle(), -1, null, false);
                t.steps.addFirst(Step.ENTRY_GATE);
                return lat;
            }
            block(t, false);
            // forced idle: the vCPU is scheduled back in later (vcpu_load, docs/model.md, section 6)
            t.flushRequest = true;
            t.steps.addFirst(Step.ENTRY_GATE);
            return 0;
        }
        t.waitSince = -1;
        return 0;
    }

    /**
     * Core scheduling's rule (Linux Documentation/admin-guide/hw-vuln/core-scheduling.rst): siblings run
     * tasks with the same cookie (here: vCPUs of the same VM) or idle. A vCPU thread of another VM is that
     * VM's task whatever it is doing: in the guest, handling a VM exit in the host kernel, in the user-space
     * VMM, or stunned. Only a sibling that is idle (halted, finished) or itself forced idle at its entry gate
     * is compatible.
     */
    boolean coreSchedulingAllows(HardwareThread t, int vm) {
        HardwareThread s = m.sibling(t);
        if (s == null || !s.online || s.finished) {
            return true;
        }
        if (s.blocked && !s.blockedForStun) {
            // A sibling already waiting for another VM goes first (then CPU number breaks ties).
            int svm = s.task() == null ? -1 : s.task().spec.vm();
            return !(svm != vm && waitedFirst(s, t));
        }
        if (s.context.kind() == ContextKind.IDLE) {
            return true;
        }
        if (s.context.kind().isGuest() && s.context.vm() != vm) {
            return false;
        }
        if (s.context.kind() == ContextKind.HOST_USER && s.context.process() >= 0) {
            return false;
        }
        TaskState st = s.task();
        if (st != null && st.spec.kind() == MachineSpec.Task.Kind.VCPU && st.spec.vm() != vm) {
            return false;
        }
        return !(st != null && st.spec.kind() == MachineSpec.Task.Kind.PROCESS);
    }

    /**
     * Core scheduling between host processes: the core-wide pick (kernel/sched/core.c, pick_next_task() with
     * sched_core_cookie_match()) runs a task on a sibling only if its cookie matches the core's, else forces
     * the sibling idle. Each process is its own cookie. Before its next operation, a process whose sibling runs
     * another process waits, forced idle, until that sibling switches, finishes or waits itself; when both
     * wait, the one that waited first goes first (then the lower CPU number), as at the VM entry gate.
     * Returns whether {@code t} was forced idle.
     */
    boolean forcedIdleByCookie(HardwareThread t, TaskState task) {
        if (task.spec.kind() != MachineSpec.Task.Kind.PROCESS) {
            return false;
        }
        HardwareThread s = m.sibling(t);
        TaskState st = s == null || !s.online || s.finished ? null : s.task();
        boolean otherCookie = st != null && st.spec.kind() == MachineSpec.Task.Kind.PROCESS
                && st.spec.process() != task.spec.process();
        boolean yield = otherCookie && (!s.blocked || (!s.blockedForStun && waitedFirst(s, t)));
        if (!yield) {
            t.waitSince = -1;
            if (t.context.kind() == ContextKind.IDLE) {
                m.setContext(t, Context.hostUser(task.spec.process())); // back from forced idle, in user mode
            }
            return false;
        }
        block(t, false);
        return true;
    }

    /**
     * Of two siblings waiting for each other, whether {@code s} goes first: it waits at all and waited
     * longer, the lower CPU number breaking a tie.
     */
    private static boolean waitedFirst(HardwareThread s, HardwareThread t) {
        return s.waitSince >= 0
                && (t.waitSince < 0 || s.waitSince < t.waitSince || (s.waitSince == t.waitSince && s.id < t.id));
    }

    void block(HardwareThread t, boolean forStun) {
        t.setBlocked(true);
        t.blockedForStun = forStun;
        t.blockedSince = m.cycle;
        if (!forStun && t.waitSince < 0) {
            t.waitSince = m.cycle;
        }
        m.setContext(t, forStun ? t.context.withKind(ContextKind.STUNNED) : Context.IDLE);
        t.operation = forStun ? new HardwareThread.WaitingForStun(t.stunnedBy) : HardwareThread.NoOperation.FORCED_IDLE;
        t.opStart = m.cycle;
        t.setBusyUntil(Long.MAX_VALUE);
        // A waiting thread may be what its sibling's own entry gate waits for.
        wakeSibling(t);
    }

    void wake(HardwareThread t, CostCategory category) {
        if (!t.blocked) {
            return;
        }
        t.setBlocked(false);
        m.add(t, category, m.cycle - t.blockedSince);
        t.setBusyUntil(m.cycle);
        t.blockedForStun = false;
    }

    void wakeSibling(HardwareThread t) {
        HardwareThread s = m.sibling(t);
        if (s != null && s.blocked && !s.blockedForStun) {
            wake(s, CostCategory.CORESCHED_IDLE);
        }
    }
}
