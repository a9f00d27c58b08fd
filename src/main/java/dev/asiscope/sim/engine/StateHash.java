package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.StableHash;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A hash of values that is the same in every JVM run, for {@link Machine#stateHash()} and the state objects
 * it covers. {@code hashCode()} is not: an enum's (and so a record's holding one) is its identity hash, and
 * the iteration order of {@code Map.of}/{@code Set.of} is salted per JVM. Here enums hash by declaring class
 * and ordinal, records by their components, lists and arrays in order, maps and sets independently of order;
 * any other type is refused rather than hashed by identity.
 */
final class StateHash {
    static final long SEED = StableHash.SEED;

    private StateHash() {
    }

    /** Mixes {@code value} into {@code h} (order-sensitive). */
    static long mix(long h, long value) {
        return StableHash.mix(h, value);
    }

    /** Mixes the stable hash of {@code o} into {@code h}. */
    static long mix(long h, Object o) {
        return mix(h, of(o));
    }

    /** The stable hash of a value: null, a boxed primitive, a String, an enum, a record, a collection or array. */
    static long of(Object o) {
        if (o == null) {
            return 0x5EED_0000_0000_0001L;
        }
        if (o instanceof String s) {
            return s.hashCode(); // specified by String, so the same in every JVM
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof Double d) {
            return Double.doubleToLongBits(d);
        }
        if (o instanceof Boolean b) {
            return b ? 1231 : 1237;
        }
        if (o instanceof Character c) {
            return c;
        }
        if (o instanceof Enum<?> e) {
            return mix(e.getDeclaringClass().getName().hashCode(), e.ordinal());
        }
        if (o instanceof Record r) {
            long h = r.getClass().getName().hashCode();
            for (Method accessor : ACCESSORS.get(r.getClass())) {
                try {
                    h = mix(h, of(accessor.invoke(r)));
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException("cannot read " + accessor, ex);
                }
            }
            return h;
        }
        if (o instanceof Map<?, ?> m) {
            long[] entries = new long[m.size()];
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries[i++] = mix(of(e.getKey()), of(e.getValue()));
            }
            return ordered(0x4D41_5000L, sorted(entries));
        }
        if (o instanceof java.util.Set<?> set) {
            long[] elements = new long[set.size()];
            int i = 0;
            for (Object e : set) {
                elements[i++] = of(e);
            }
            return ordered(0x5345_5400L, sorted(elements));
        }
        if (o instanceof Collection<?> c) {
            long h = 0x4C49_5354L;
            for (Object e : c) {
                h = mix(h, of(e));
            }
            return mix(h, c.size());
        }
        if (o instanceof long[] a) {
            return ordered(0x4C4F_4E47L, a);
        }
        if (o instanceof int[] a) {
            return ordered(0x494E_5400L, Arrays.stream(a).asLongStream().toArray());
        }
        if (o instanceof boolean[] a) {
            long h = 0x424F_4F4CL;
            for (boolean b : a) {
                h = mix(h, b ? 1 : 0);
            }
            return h;
        }
        if (o instanceof Object[] a) {
            return of(Arrays.asList(a));
        }
        if (o instanceof dev.asiscope.sim.security.DataLabel label) {
            // interned by name: the name is its whole identity
            return mix(0x4C41_4245L, of(label.name()));
        }
        throw new IllegalArgumentException("no stable hash for " + o.getClass().getName()
                + " (state must be values: records, enums, strings, numbers, collections, data labels)");
    }

    private static long[] sorted(long[] a) {
        Arrays.sort(a);
        return a;
    }

    private static long ordered(long seed, long[] values) {
        long h = seed;
        for (long v : values) {
            h = mix(h, v);
        }
        return mix(h, values.length);
    }

    /** The accessors of a record class, made callable (records nested in package-private types). */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] out = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                out[i] = components[i].getAccessor();
                out[i].setAccessible(true);
            }
            return out;
        }
    };
}
