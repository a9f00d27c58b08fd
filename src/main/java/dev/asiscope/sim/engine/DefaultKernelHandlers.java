package dev.asiscope.sim.engine;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import java.util.Map;

/**
 * Syscall and interrupt handlers available without declaring them in a scenario. Of the two interrupt
 * handlers, {@code timer} is the default kind: it reads only per-CPU data (clock events, the timer wheel's
 * per-CPU base), ordinary kernel memory mapped in every restricted ASI table, so an interrupt taken in a
 * process under kpti-on-asi, or in a guest under ASI, is handled without leaving the restricted space, as the
 * ASI RFCs run interrupts (J. Shahid et al., "[RFC PATCH 00/47] Address Space Isolation for KVM", LKML 2022-02-22,
 * https://lore.kernel.org/all/20220223052223.1202152-1-junaids@google.com/ ; B. Jackman, "[PATCH RFC v2 00/29]
 * Address Space Isolation (ASI)", 2025-01-10,
 * https://lore.kernel.org/linux-mm/20250110-asi-rfc-v2-v2-0-8419288bc805@google.com/ ; the same default as the
 * EXTERNAL_INTERRUPT exit handler in {@code KvmExitHandlers}). {@code network} is the explicit sensitive
 * choice: its IRQ data and the host secret (a socket key) are sensitive, so it leaves ASI.
 */
final class DefaultKernelHandlers {
    private static final Map<String, Handler> HANDLERS = Map.of(
            "getpid", Handler.of("getpid", 50, HandlerStep.read("percpu", 1)),
            "read", Handler.of("read", 800, HandlerStep.read("dentry-cache", 2), HandlerStep.read("page-cache", 4)),
            "read-secret", Handler.of("read-secret", 300, HandlerStep.read("host-secret", 1)),
            "timer", Handler.of("timer", 400, HandlerStep.read("percpu", 4)),
            "network", Handler.of("network", 900, HandlerStep.read("irq-data", 4), HandlerStep.read("host-secret", 1)));

    private DefaultKernelHandlers() {
    }

    static Handler get(String name) {
        return HANDLERS.get(name);
    }

    static Map<String, Handler> all() {
        return HANDLERS;
    }
}
