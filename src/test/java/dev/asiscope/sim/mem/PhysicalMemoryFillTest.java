package dev.asiscope.sim.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A frame filled whole by {@link PhysicalMemory#fillQwords} holds no array until a write changes part of it,
 * and reads, copies and hashes as if it did: compared with the same contents written qword by qword.
 */
class PhysicalMemoryFillTest {
    private static final long BASE = 0x40_0000;
    private static final long VALUE = 0x1122_3344_5566_7788L;

    @Test
    void aFilledFrameReadsAndHashesAsWrittenQwordByQword() {
        PhysicalMemory filled = new PhysicalMemory();
        filled.fillQwords(BASE + 0x800, 3 * 4096, VALUE); // half a frame, two whole frames, half a frame
        PhysicalMemory written = new PhysicalMemory();
        for (long a = BASE + 0x800; a < BASE + 0x800 + 3 * 4096; a += 8) {
            written.writeQword(a, VALUE);
        }
        assertEquals(written.stateHash(), filled.stateHash());
        for (long a = BASE; a < BASE + 4 * 4096; a += 4) {
            assertEquals(written.readQword(a & ~7), filled.readQword(a & ~7), "qword at " + a);
            assertEquals(written.readByte(a + 3), filled.readByte(a + 3), "byte at " + (a + 3));
        }
        assertEquals(written.readQword(BASE + 0x1003), filled.readQword(BASE + 0x1003), "unaligned read");
    }

    @Test
    void aWriteIntoAFilledFrameKeepsTheRestAndTheCopyUnchanged() {
        PhysicalMemory m = new PhysicalMemory();
        m.fillQwords(BASE, 4096, VALUE);
        PhysicalMemory checkpoint = m.copy();
        m.writeByte(BASE + 9, (byte) 0);
        assertEquals(VALUE & ~0xff00L, m.readQword(BASE + 8));
        assertEquals(VALUE, m.readQword(BASE));
        assertEquals(VALUE, m.readQword(BASE + 4088));
        assertEquals(VALUE, checkpoint.readQword(BASE + 8), "the checkpoint keeps the filled frame");

        PhysicalMemory expected = new PhysicalMemory();
        for (long a = BASE; a < BASE + 4096; a += 8) {
            expected.writeQword(a, VALUE);
        }
        assertEquals(expected.stateHash(), checkpoint.stateHash());
        expected.writeByte(BASE + 9, (byte) 0);
        assertEquals(expected.stateHash(), m.stateHash());
    }

    @Test
    void fillingAFrameACheckpointSharesLeavesTheCheckpointsBytes() {
        PhysicalMemory m = new PhysicalMemory();
        for (long a = BASE; a < BASE + 2 * 4096; a += 8) {
            m.writeQword(a, a);
        }
        PhysicalMemory checkpoint = m.copy();
        long before = checkpoint.stateHash();
        m.fillQwords(BASE, 4096, VALUE); // the whole shared frame: copied without its bytes, then filled
        m.fillQwords(BASE + 4096 + 8, 8, VALUE); // one qword of the next shared frame: copied with them
        assertEquals(before, checkpoint.stateHash(), "the checkpoint is untouched");
        for (long a = BASE; a < BASE + 2 * 4096; a += 8) {
            assertEquals(a, checkpoint.readQword(a), "checkpoint qword at " + a);
            long expected = a < BASE + 4096 || a == BASE + 4096 + 8 ? VALUE : a;
            assertEquals(expected, m.readQword(a), "qword at " + a);
        }
    }
}
