package capsim.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private static final EventHandler NOP = d -> { };

    @Test
    void popsInTimeOrderThenFifoOnTies() {
        EventQueue q = new EventQueue(4);
        long[] times = {50, 10, 30, 10, 50, 10, 0, 30};
        for (int i = 0; i < times.length; i++) q.add(times[i], NOP, i);
        List<Integer> order = new ArrayList<>();
        while (q.poll()) order.add(q.polledData());
        // expected: sort by time, stable on insertion order
        assertEquals(List.of(6, 1, 3, 5, 2, 7, 0, 4), order);
    }

    @Test
    void matchesAReferencePriorityQueueOnRandomOperations() {
        Random rnd = new Random(7);
        EventQueue q = new EventQueue(2);
        PriorityQueue<long[]> ref = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<long[]> handles = new ArrayList<>();
        long seq = 0;
        long now = 0;
        for (int op = 0; op < 200_000; op++) {
            int r = rnd.nextInt(10);
            if (r < 5 || ref.isEmpty()) {
                long t = now + rnd.nextInt(1000);
                int id = (int) seq;
                long h = q.add(t, NOP, id);
                long[] e = {t, seq++, id, h};
                ref.add(e);
                handles.add(e);
            } else if (r < 8) {
                assertTrue(q.poll());
                long[] e = ref.poll();
                assertEquals(e[0], q.polledTime());
                assertEquals((int) e[2], q.polledData());
                now = e[0];
            } else if (r < 9) {
                long[] e = handles.get(rnd.nextInt(handles.size()));
                boolean pending = ref.contains(e);
                assertEquals(pending, q.cancel(e[3]));
                if (pending) ref.remove(e);
            } else {
                long[] e = handles.get(rnd.nextInt(handles.size()));
                boolean pending = ref.contains(e);
                long nt = now + rnd.nextInt(1000);
                assertEquals(pending, q.reschedule(e[3], nt));
                if (pending) {
                    ref.remove(e);
                    e[0] = nt;
                    e[1] = seq++; // rescheduled events queue behind events already at that time
                    ref.add(e);
                }
            }
            assertEquals(ref.size(), q.size());
        }
    }

    @Test
    void staleHandlesAreRecognised() {
        EventQueue q = new EventQueue();
        long h = q.add(5, NOP, 1);
        assertTrue(q.isPending(h));
        assertTrue(q.poll());
        assertFalse(q.isPending(h));
        long h2 = q.add(6, NOP, 2); // reuses the slot
        assertFalse(q.cancel(h), "a fired event's handle must not cancel the slot's new event");
        assertTrue(q.isPending(h2));
        assertTrue(q.cancel(h2));
        assertTrue(q.isEmpty());
    }

    @Test
    void rescheduleMovesAnEventEarlierAndLater() {
        EventQueue q = new EventQueue();
        long a = q.add(10, NOP, 1);
        q.add(20, NOP, 2);
        long c = q.add(30, NOP, 3);
        assertTrue(q.reschedule(c, 5));
        assertTrue(q.reschedule(a, 25));
        List<Integer> order = new ArrayList<>();
        while (q.poll()) order.add(q.polledData());
        assertEquals(List.of(3, 2, 1), order);
    }
}
