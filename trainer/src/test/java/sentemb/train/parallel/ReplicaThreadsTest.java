package sentemb.train.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplicaThreadsTest {
    @Test
    void eachReplicaKeepsItsOwnThreadAcrossCalls() {
        try (ReplicaThreads t = new ReplicaThreads(3, true)) {
            List<Thread> first = t.forEach(i -> Thread.currentThread());
            List<Thread> second = t.forEach(i -> Thread.currentThread());
            for (int i = 0; i < 3; i++) {
                assertSame(first.get(i), second.get(i));
                assertEquals("sentemb-replica-" + i, first.get(i).getName());
                assertNotSame(Thread.currentThread(), first.get(i));
            }
            assertSame(first.get(2), t.on(2, i -> Thread.currentThread()));
        }
    }

    @Test
    void concurrentTasksOverlap() throws Exception {
        try (ReplicaThreads t = new ReplicaThreads(2, true)) {
            CountDownLatch both = new CountDownLatch(2);
            // each task waits for the other: only possible if they run at the same time
            List<Boolean> met = t.forEach(i -> {
                both.countDown();
                return both.await(30, TimeUnit.SECONDS);
            });
            assertEquals(List.of(true, true), met);
        }
    }

    @Test
    void aFailureIsThrownAfterEveryReplicaHasFinishedAndNamesTheLowestFailingReplica() {
        try (ReplicaThreads t = new ReplicaThreads(3, true)) {
            AtomicBoolean slowDone = new AtomicBoolean();
            ReplicaFailure e = assertThrows(ReplicaFailure.class, () -> t.forEach(i -> {
                if (i == 0) {
                    Thread.sleep(200);
                    slowDone.set(true);
                    return 0;
                }
                throw new IllegalStateException("boom on " + i);
            }));
            assertTrue(slowDone.get(), "returned before replica 0 finished");
            assertEquals(1, e.replica());
            assertEquals("replica 1: boom on 1", e.getMessage());
            assertEquals(List.of(0, 1, 2), t.forEach(i -> i), "the threads survive a failure");
        }
    }

    @Test
    void sequentialModeRunsOneReplicaAtATimeInOrderAndStopsAtAFailure() {
        try (ReplicaThreads t = new ReplicaThreads(3, false)) {
            AtomicInteger running = new AtomicInteger();
            StringBuilder order = new StringBuilder();
            t.forEach(i -> {
                assertEquals(1, running.incrementAndGet());
                order.append(i);
                running.decrementAndGet();
                return null;
            });
            assertEquals("012", order.toString());
            AtomicBoolean lastStarted = new AtomicBoolean();
            ReplicaFailure e = assertThrows(ReplicaFailure.class, () -> t.forEach(i -> {
                if (i == 2) {
                    lastStarted.set(true);
                }
                if (i == 1) {
                    throw new IllegalArgumentException("bad shard");
                }
                return i;
            }));
            assertEquals(1, e.replica());
            assertTrue(!lastStarted.get());
        }
    }
}
