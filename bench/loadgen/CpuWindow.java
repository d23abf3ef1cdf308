package loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this process and of the server process over a window, as a share of one core. */
final class CpuWindow {

    final long pid;
    final long start = System.nanoTime();
    final long genStart = genCpuNanos();
    final long srvStart;
    final long genSysStart = sysNanos(ProcessHandle.current().pid());

    CpuWindow(long pid) {
        this.pid = pid;
        this.srvStart = serverCpuNanos(pid);
    }

    /** {generator %, server %, generator's kernel-mode %} of one core. */
    double[] finish() {
        double wall = System.nanoTime() - start;
        double gen = (genCpuNanos() - genStart) / wall * 100;
        double srv = pid > 0 ? (serverCpuNanos(pid) - srvStart) / wall * 100 : Double.NaN;
        double sys = (sysNanos(ProcessHandle.current().pid()) - genSysStart) / wall * 100;
        return new double[] {gen, srv, sys};
    }

    static long sysNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) * 10_000_000L;
        } catch (IOException e) {
            return 0;
        }
    }

    static long genCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long serverCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of /proc/PID/stat (utime, stime) are f[11], f[12]; USER_HZ is 100 on Linux
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException e) {
            return 0;
        }
    }
}
