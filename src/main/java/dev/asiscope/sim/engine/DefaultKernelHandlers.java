package dev.asiscope.sim.engine;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import java.util.Map;

/** Syscall and interrupt handlers available without declaring them in a scenario. */
final class DefaultKernelHandlers {
    private static final Map<String, Handler> HANDLERS = Map.of(
            "getpid", Handler.of("getpid", 50, HandlerStep.read("percpu", 1)),
            "read", Handler.of("read", 800, HandlerStep.read("dentry-cache", 2), HandlerStep.read("page-cache", 4)),
            "read-secret", Handler.of("read-secret", 300, HandlerStep.read("host-secret", 1)),
            "timer", Handler.of("timer", 400, HandlerStep.read("percpu", 2), HandlerStep.read("irq-data", 2)),
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
