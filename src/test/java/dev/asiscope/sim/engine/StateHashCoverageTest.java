package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import dev.asiscope.sim.program.SplitMix64;
import org.junit.jupiter.api.Test;

/**
 * The state hash covers every field a checkpoint restores: for each field of {@link Machine}, its
 * counters, a {@link HardwareThread} and a {@link TaskState}, a restored copy ({@link Machine#copy()}) with
 * that one field changed must hash differently from the original. Fields are found by reflection, so a field
 * added later fails here until it is hashed or listed below as not being state, with the reason. This is
 * what lets the rewind property tests ({@link TimeTravelPropertyTest}) catch a checkpoint that loses a field.
 */
class StateHashCoverageTest {
    /** Fields that are not machine state, by class, each with why. */
    private static final Map<Class<?>, Set<String>> NOT_STATE = Map.of(
            // Configuration (the same in every checkpoint of a run) and what is built from it; the log and the
            // scratch port are not state; editsApplied is progress through the spec's edit list (Machine Javadoc).
            // The collaborators hold no state of their own (the exposure tracker, which does, is checked), and
            // RunMemos (the fact pool, the region, handler and exit memos) is shared by copies, not state.
            Machine.class, Set.of("spec", "policy", "layout", "exitHandlers", "walker", "port", "smtPermille", "contends", "log",
                    "editsApplied", "editCount", "cpus", "mmu", "syscallPath", "vmTransitions",
                    "coreScheduling", "asi", "cacheFlushes", "flushReload", "transients", "leakAttribution",
                    "opExecutor", "stepExecutor", "memos", "exposure", "stepping", "stepWork", "dues"),
            // The exposure tracker's state is its open windows (checked field by field below); what its last
            // update decided from is derived (a copy starts without it).
            ExposureTracker.class, Set.of("machine", "seen", "threadChanges", "lfbs", "census", "threadsPerCore"),
            // Topology; the address-space and context-change memos, which are derived and not copied; and the
            // running task, which is tasks.get(currentTask) (both hashed).
            HardwareThread.class, Set.of("core", "threadIndex", "spaceContext", "spaceAsi", "space", "dues", "changedTo",
                    "changeFacts", "changeNext", "current"),
            // The task as written in the spec: configuration; its logged VM entry, made from it; and its workload's
            // exits and their logged starts, made once per reason (the last drawn one is a memo of next()'s result).
            TaskState.class, Set.of("spec", "entryFact", "mixExits", "mixStarts", "lastStartOp", "lastStart", "exitRuns"),
            Machine.Counters.class, Set.of());

    @Test
    void everyRestoredFieldIsInTheHash() throws Exception {
        int checked = 0;
        for (long seed : new long[] {3, 7, 11}) {
            MachineSpec spec = TimeTravelPropertyTest.randomSpec(seed);
            Policy policy = Policy.parse(seed == 7 ? "asi-stun-coresched" : seed == 11 ? "asi+kpti-on-asi" : "none");
            Simulation sim = Simulation.run(spec, policy, 5_000, null);
            Machine base = sim.seek(sim.endCycle() / 2);
            Machine donor = new Machine(spec, policy, null);
            long hash = base.stateHash();
            assertEquals(hash, base.copy().stateHash(), "a restored copy hashes equal");

            checked += checkFields(base, hash, m -> m, donor);
            checked += checkFields(base, hash, m -> field(m, "counters"), donor);
            checked += checkFields(base, hash, m -> field(m, "exposure"), donor);
            HardwareThread[] cpus = (HardwareThread[]) field(base, "cpus");
            for (int i = 0; i < cpus.length; i++) {
                int cpu = i;
                checked += checkFields(base, hash, m -> ((HardwareThread[]) field(m, "cpus"))[cpu], donor);
                for (int k = 0; k < cpus[i].tasks.size(); k++) {
                    int task = k;
                    checked += checkFields(base, hash, m -> ((HardwareThread[]) field(m, "cpus"))[cpu].tasks.get(task),
                            donor);
                }
            }
        }
        assertTrue(checked > 100, "fields checked: " + checked);
    }

    /** Checks every state field of the object {@code select} picks from a machine; returns how many. */
    private static int checkFields(Machine base, long hash, java.util.function.Function<Machine, Object> select,
            Machine donor) throws Exception {
        Object sample = select.apply(base);
        Class<?> type = sample.getClass();
        Set<String> skip = NOT_STATE.get(type);
        assertTrue(skip != null, "no field list for " + type);
        // A name listed for a field that is gone would excuse a new field of that name without a look.
        Set<String> declared = new java.util.HashSet<>();
        for (Field f : type.getDeclaredFields()) {
            declared.add(f.getName());
        }
        for (String name : skip) {
            assertTrue(declared.contains(name), type.getSimpleName() + " has no field " + name + " (NOT_STATE is stale)");
        }
        Object donorObject;
        try {
            donorObject = select.apply(donor);
        } catch (RuntimeException e) {
            donorObject = null; // the donor (cycle 0) has no such task or thread state
        }
        int n = 0;
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || skip.contains(f.getName())) {
                continue;
            }
            f.setAccessible(true);
            Machine copy = base.copy();
            Object owner = select.apply(copy);
            change(owner, f, donorObject);
            assertNotEquals(hash, copy.stateHash(), type.getSimpleName() + "." + f.getName()
                    + " is restored by a checkpoint but not in the state hash");
            n++;
        }
        return n;
    }

    private static Object field(Object o, String name) {
        try {
            Field f = o.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives field {@code f} of {@code owner} another value, of a kind the hash must see. */
    private static void change(Object owner, Field f, Object donor) throws Exception {
        Class<?> t = f.getType();
        Object v = f.get(owner);
        if (t == boolean.class) {
            f.setBoolean(owner, !f.getBoolean(owner));
        } else if (t == int.class) {
            f.setInt(owner, f.getInt(owner) + 1);
        } else if (t == long.class) {
            f.setLong(owner, f.getLong(owner) + 1);
        } else if (t == double.class) {
            f.setDouble(owner, f.getDouble(owner) + 0.5);
        } else if (t == String.class) {
            f.set(owner, v == null ? "x" : v + "'");
        } else if (t == SplitMix64.class) {
            f.set(owner, new SplitMix64(v == null ? 1 : ((SplitMix64) v).state() + 1));
        } else if (t.isEnum()) {
            Object[] constants = t.getEnumConstants();
            f.set(owner, constants[v == null ? 0 : (((Enum<?>) v).ordinal() + 1) % constants.length]);
        } else if (!t.isArray() && !Collection.class.isAssignableFrom(t) && !Map.class.isAssignableFrom(t)
                && !t.isRecord() && donor != null && f.get(donor) != null) {
            // An object with state of its own (memory, caches, TLB, census, a generator): the donor's, from
            // cycle 0, differs from the mid-run one.
            f.set(owner, copyOf(f.get(donor)));
        } else {
            f.set(owner, changed(v, t, f.getGenericType()));
        }
    }

    private static Object copyOf(Object o) throws Exception {
        try {
            var m = o.getClass().getDeclaredMethod("copy");
            m.setAccessible(true);
            return m.invoke(o);
        } catch (NoSuchMethodException e) {
            return o;
        }
    }

    /** A value unlike {@code v}: an array or collection with one element changed, added or removed, a record with one component changed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object changed(Object v, Class<?> t, Type generic) throws Exception {
        if (t.isArray()) {
            Class<?> c = t.getComponentType();
            int length = v == null ? 0 : Array.getLength(v);
            Object a = Array.newInstance(c, Math.max(1, length));
            if (v != null) {
                System.arraycopy(v, 0, a, 0, length);
            }
            Object first = length == 0 ? null : Array.get(v, 0);
            Array.set(a, 0, c.isPrimitive() || c.isArray() ? changed(first, c, c)
                    : first == null ? sample(c) : null);
            return a;
        }
        if (t == long.class || t == Long.class) {
            return v == null ? 1L : ((Long) v) + 1;
        }
        if (t == int.class || t == Integer.class) {
            return v == null ? 1 : ((Integer) v) + 1;
        }
        if (t == boolean.class) {
            return !(Boolean) v;
        }
        if (t == double.class || t == Double.class) {
            return v == null ? 1.0 : ((Double) v) + 0.5;
        }
        if (Map.class.isAssignableFrom(t)) {
            // One count changed, or one added: the maps are counters keyed by a value.
            Map m = t.isAssignableFrom(java.util.LinkedHashMap.class) ? new java.util.LinkedHashMap((Map) v)
                    : new TreeMap((Map) v);
            Object key = m.isEmpty() ? sample(elementType(generic)) : m.keySet().iterator().next();
            m.merge(key, 1L, (a, b) -> ((Long) a) + 1);
            return m;
        }
        if (Collection.class.isAssignableFrom(t)) {
            Collection<Object> c = t.isAssignableFrom(ArrayDeque.class) ? new ArrayDeque<>() : new ArrayList<>();
            c.addAll((Collection<?>) v);
            if (c.isEmpty()) {
                c.add(sample(t == StepQueue.class ? Step.class : elementType(generic)));
                return t == SharedHistory.class ? historyOf(c) : t == StepQueue.class ? stepsOf(c) : c;
            }
            // Change the last element if it is a value (a record, an array, a list), else drop it.
            Object last = c instanceof ArrayDeque<Object> d ? d.peekLast() : ((List<Object>) c).get(c.size() - 1);
            Object other = last == null ? null : changedOrNull(last, last.getClass(), last.getClass());
            if (c instanceof ArrayDeque<Object> d) {
                d.removeLast();
                if (other != null) {
                    d.addLast(other);
                }
            } else {
                ((List<Object>) c).remove(c.size() - 1);
                if (other != null) {
                    ((List<Object>) c).add(other);
                }
            }
            return t == SharedHistory.class ? historyOf(c) : t == StepQueue.class ? stepsOf(c) : c;
        }
        if (t.isRecord()) {
            return v == null ? sample(t) : withOneComponentChanged((Record) v);
        }
        if (t.isInterface() && t.isSealed()) {
            // A sealed family of records (an address-space id): another member, or this one changed.
            return v instanceof Record r && r.getClass().getRecordComponents().length > 0
                    ? withOneComponentChanged(r) : v == null ? sample(t) : null;
        }
        fail("no way to change a " + t + " (extend StateHashCoverageTest)");
        return null;
    }

    private static StepQueue stepsOf(Collection<Object> elements) {
        StepQueue q = new StepQueue();
        for (Object e : elements) {
            q.addLast((Step) e);
        }
        return q;
    }

    private static SharedHistory<Object> historyOf(Collection<Object> elements) {
        SharedHistory<Object> h = new SharedHistory<>();
        h.addAll(elements);
        return h;
    }

    private static Object changedOrNull(Object v, Class<?> t, Type generic) throws Exception {
        if (t.isArray() || List.class.isAssignableFrom(t)) {
            return changed(v, t.isArray() ? t : List.class, generic);
        }
        if (t.isRecord()) {
            for (RecordComponent c : t.getRecordComponents()) {
                if (c.getType() == int.class || c.getType() == long.class || c.getType() == boolean.class) {
                    return withOneComponentChanged((Record) v);
                }
            }
        }
        return null;
    }

    private static Class<?> elementType(Type generic) {
        Type arg = ((ParameterizedType) generic).getActualTypeArguments()[0];
        return arg instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) arg;
    }

    private static Object withOneComponentChanged(Record r) throws Exception {
        RecordComponent[] comps = r.getClass().getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            comps[i].getAccessor().setAccessible(true);
            args[i] = comps[i].getAccessor().invoke(r);
            types[i] = comps[i].getType();
        }
        for (int i = 0; i < comps.length; i++) {
            if (types[i] == int.class || types[i] == long.class || types[i] == boolean.class) {
                args[i] = changed(args[i], types[i], types[i]);
                Constructor<?> c = r.getClass().getDeclaredConstructor(types);
                c.setAccessible(true);
                return c.newInstance(args);
            }
        }
        fail("no primitive component to change in " + r.getClass());
        return null;
    }

    /** Some instance of {@code type}: a record of sample components, the first permitted record of a sealed interface. */
    private static Object sample(Class<?> type) throws Exception {
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == long.class || type == Long.class) {
            return 1L;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == double.class || type == Double.class) {
            return 1.0;
        }
        if (type == String.class) {
            return "x";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 1);
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == dev.asiscope.sim.security.DataLabel.class) {
            return dev.asiscope.sim.security.DataLabel.of("x");
        }
        if (type.isInterface() && type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                if (sub.isRecord()) {
                    return sample(sub);
                }
            }
        }
        if (type.isRecord()) {
            RecordComponent[] comps = type.getRecordComponents();
            Object[] args = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            for (int i = 0; i < comps.length; i++) {
                types[i] = comps[i].getType();
                args[i] = sample(types[i]);
            }
            Constructor<?> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(args);
        }
        fail("no sample " + type + " (extend StateHashCoverageTest)");
        return null;
    }
}
