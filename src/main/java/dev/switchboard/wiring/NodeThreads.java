package dev.switchboard.wiring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Makes and remembers every thread this deployment starts, so that undeploy can join them all.
 * A thread still alive when the context is gone pins the WAR's class loader (Tomcat logs "started a
 * thread ... but has failed to stop it"): stopping executors is not enough, their threads must have
 * ended before {@code contextDestroyed} returns.
 */
public final class NodeThreads {

    private static final System.Logger LOG = System.getLogger(NodeThreads.class.getName());

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /** A factory of daemon threads called {@code name}, each remembered until it ends. */
    public ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            threads.removeIf(ended -> ended.getState() == Thread.State.TERMINATED); // pool threads that timed out
            threads.add(thread);
            return thread;
        };
    }

    /** Interrupts and joins every remembered thread, waiting at most {@code boundMillis} in all; answers how many are still alive. */
    public int interruptAndJoin(long boundMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int alive = 0;
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                alive++;
                LOG.log(System.Logger.Level.WARNING, "Thread {0} still running after {1} ms", thread.getName(), boundMillis);
            }
        }
        return alive;
    }

    /**
     * Waits, at most {@code boundMillis}, until no other thread runs with {@code application} as its
     * context class loader, i.e. until the container's own workers have stopped delivering into
     * this application (after the 1001 closes, a client's frames already on their way are still read
     * until its close reply arrives). Tomcat, stopping the application right after, reports any
     * such worker as a thread the application "has failed to stop". Answers whether it went quiet.
     */
    public static boolean awaitContainerThreadsLeave(ClassLoader application, long boundMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        int quietChecks = 0;
        while (quietChecks < 3) {
            quietChecks = busyIn(application) ? 0 : quietChecks + 1;
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean busyIn(ClassLoader application) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread != Thread.currentThread() && thread.isAlive() && thread.getContextClassLoader() == application) {
                return true;
            }
        }
        return false;
    }

    /** Threads started and not yet ended. */
    public int alive() {
        int alive = 0;
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                alive++;
            }
        }
        return alive;
    }
}
