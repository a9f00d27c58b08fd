import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The engine's speed by thread CPU time, for any asiscope jar (this build or an older release): loads the
 * jar in its own class loader and times {@code Simulation.run(spec, policy)} on this thread, as
 * {@code asiscope bench} does by wall time. On a shared machine CPU time is what the engine costs; wall
 * time is that plus waiting for a core. Uses only API the bench command has used since release 3d1498f:
 * {@code ScenarioLoader.load}, {@code LoadedScenario.spec}, {@code Policy.parse}, {@code Simulation.run},
 * {@code endCycle}, {@code log().size()}, and {@code end().caches().accesses()} where it exists.
 *
 * <p>Usage (single-file program): {@code java -Xms2g -Xmx2g EngineCpuTime.java JAR SCENARIO POLICY RUNS [WARMUP]}.
 * Prints one JSON line: cycles, events, accesses (-1 if the jar cannot count them), best CPU seconds of
 * RUNS timed runs after WARMUP seconds (default 2) of untimed runs (at least one), and the warm-up runs.
 */
public class EngineCpuTime {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path scenario = Path.of(args[1]);
        String policy = args[2];
        int runs = Integer.parseInt(args[3]);
        ClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> loader = cl.loadClass("dev.asiscope.scenario.ScenarioLoader");
        Object loaded = loader.getMethod("load", Path.class).invoke(null, scenario);
        Object spec = loaded.getClass().getMethod("spec").invoke(loaded);
        Class<?> policyClass = cl.loadClass("dev.asiscope.sim.engine.Policy");
        Object pol = policyClass.getMethod("parse", String.class).invoke(null, policy);
        Class<?> simClass = cl.loadClass("dev.asiscope.sim.engine.Simulation");
        Method run = simClass.getMethod("run", spec.getClass(), policyClass);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        // Warm-up by time, not by count, so that both builds reach compiled code: one run of a fast build is
        // over before the JIT has finished compiling it (a 0.07 s run was still being recompiled after 1.5 s).
        double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 2.0;
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        int warmRuns = 0;
        Object sim;
        do {
            sim = run.invoke(null, spec, pol);
            warmRuns++;
        } while (System.nanoTime() < warmEnd);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            sim = null;
            long t0 = cpu.getCurrentThreadCpuTime();
            sim = run.invoke(null, spec, pol);
            best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        long cycles = (long) simClass.getMethod("endCycle").invoke(sim);
        Object log = simClass.getMethod("log").invoke(sim);
        int events = (int) log.getClass().getMethod("size").invoke(log);
        long accesses = -1;
        Object caches = simClass.getMethod("end").invoke(sim);
        caches = caches.getClass().getMethod("caches").invoke(caches);
        try {
            accesses = (long) caches.getClass().getMethod("accesses").invoke(caches);
        } catch (NoSuchMethodException e) {
            // an older build: it did not count accesses
        }
        System.out.println(String.format(Locale.ROOT, "{\"jar\": \"%s\", \"cycles\": %d, \"events\": %d, "
                + "\"accesses\": %d, \"cpu_seconds\": %.4f, \"runs\": %d, \"warmup_runs\": %d}", jar, cycles, events, accesses,
                best, runs, warmRuns));
    }
}
