package dev.asiscope.sim.mem;

import dev.asiscope.sim.security.DataLabel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PhysicalMemory}'s storage: the primitive-keyed frame table and its recently-used frames must behave
 * as a plain map of frames, copy-on-write across copies included.
 */
class PhysicalMemoryTest {

    @Test
    void fillQwordsWritesWhatQwordByQwordWritesDo() {
        PhysicalMemory bulk = new PhysicalMemory();
        PhysicalMemory one = new PhysicalMemory();
        long start = 0x1ff8; // across two frame boundaries
        long length = 0x2010;
        long q = 0x5a5a_5a5a_5a5a_5a5aL;
        bulk.fillQwords(start, length, q);
        for (long a = start; a < start + length; a += 8) {
            one.writeQword(a, q);
        }
        assertEquals(one.stateHash(), bulk.stateHash());
        assertEquals(0, bulk.readQword(start - 8));
        assertEquals(q, bulk.readQword(start + length - 8));
        assertEquals(0, bulk.readQword(start + length));
        // A copy's fill writes its own frames only.
        PhysicalMemory c = bulk.copy();
        c.fillQwords(0x2000, 0x1000, 1);
        assertEquals(q, bulk.readQword(0x2000));
        assertEquals(1, c.readQword(0x2000));
    }

    @Test
    void behavesAsAMapOfQwordsUnderRandomWritesReadsAndCopies() {
        Random r = new Random(11);
        PhysicalMemory m = new PhysicalMemory();
        Map<Long, Long> model = new HashMap<>();
        PhysicalMemory snapshot = null;
        Map<Long, Long> snapshotModel = null;
        for (int i = 0; i < 200_000; i++) {
            // Frames that collide in the recently-used slots (the same frame number modulo RECENT) and
            // frames far apart, so that the table grows several times.
            long frame = r.nextBoolean() ? (long) r.nextInt(8) * PhysicalMemory.RECENT + 5 : r.nextInt(1 << 20);
            long pa = (frame << PhysicalMemory.FRAME_SHIFT) + 8L * r.nextInt(512);
            if (r.nextInt(3) == 0) {
                long v = r.nextLong();
                m.writeQword(pa, v);
                model.put(pa, v);
            } else {
                assertEquals(model.getOrDefault(pa, 0L), m.readQword(pa), "read 0x" + Long.toHexString(pa));
            }
            if (i % 20_000 == 0) {
                if (snapshot != null) {
                    for (Map.Entry<Long, Long> e : snapshotModel.entrySet()) {
                        assertEquals(e.getValue(), snapshot.readQword(e.getKey()), "a copy is not changed by later writes");
                    }
                }
                snapshot = m.copy();
                snapshotModel = new HashMap<>(model);
            }
        }
        assertTrue(m.frameCount() > 10_000);
    }

    @Test
    void aCopyAndItsOriginalDivergeOnWriteInEitherDirection() {
        PhysicalMemory a = new PhysicalMemory();
        a.writeQword(0x5000, 1);
        assertEquals(1, a.readQword(0x5000)); // now in a's recently-used frames
        PhysicalMemory b = a.copy();
        assertEquals(1, b.readQword(0x5000));
        a.writeQword(0x5000, 2);
        assertEquals(2, a.readQword(0x5000));
        assertEquals(1, b.readQword(0x5000));
        b.writeQword(0x5008, 3);
        assertEquals(0, a.readQword(0x5008));
        assertEquals(3, b.readQword(0x5008));
        b.setLabel(0x5000, 64, "vm:1");
        assertEquals(DataLabel.UNLABELLED, a.labelOf(0x5000));
        assertEquals(DataLabel.of("vm:1"), b.labelOf(0x5000));
        assertFalse(a.isPopulated(0x9000));
        assertEquals(a.readQword(0x9000), 0);
    }

    @Test
    void theStateHashDoesNotDependOnTheOrderFramesWereCreated() {
        PhysicalMemory a = new PhysicalMemory();
        PhysicalMemory b = new PhysicalMemory();
        for (int i = 0; i < 1000; i++) {
            a.writeQword((long) i << 12, i);
        }
        for (int i = 999; i >= 0; i--) {
            b.writeQword((long) i << 12, i);
        }
        assertEquals(a.stateHash(), b.stateHash());
        b.writeQword(0, 7);
        assertNotEquals(a.stateHash(), b.stateHash());
    }

    @Test
    void aFrameThatIsOnlyLabelledReadsAsZeroAndHashesAsAWrittenZeroFrame() {
        PhysicalMemory a = new PhysicalMemory();
        a.setLabel(0x7000, 4096, "vm:3");
        assertEquals(0, a.readQword(0x7008));
        assertEquals(0, a.readByte(0x7fff));
        assertEquals(0, a.readQword(0x7003), "unaligned");
        PhysicalMemory b = new PhysicalMemory();
        b.setLabel(0x7000, 4096, "vm:3");
        b.writeQword(0x7010, 0);
        assertEquals(a.stateHash(), b.stateHash(), "all zero either way");
        PhysicalMemory c = a.copy();
        a.writeByte(0x7001, (byte) 0x5a);
        assertEquals(0x5a00, a.readQword(0x7000));
        assertEquals(0, c.readQword(0x7000), "the copy still reads the zero frame");
        assertEquals(DataLabel.of("vm:3"), c.labelOf(0x7000));
    }
}
