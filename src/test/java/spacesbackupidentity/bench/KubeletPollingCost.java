package spacesbackupidentity.bench;

import spacesbackupidentity.realtier.RealTierWorld;

import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the stand-in kubelet's first design cost with a thousand control planes' pods, against its
 * watch: the settled cluster for 10 s as it is now, then for 10 s with that first design's loop added
 * (every 200 ms, list every pod and read the list; with every pod running it did nothing else).
 * Run by hand after the real-engine benchmarks, with the same class path and {@code -DrealTier.bin}:
 * {@code java ... spacesbackupidentity.bench.KubeletPollingCost 1000}.
 */
public final class KubeletPollingCost {
    private KubeletPollingCost() {
    }

    public static void main(String[] args) throws Exception {
        var n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        var world = RealTierWorld.get();
        var namespaces = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            namespaces.add(String.format(Locale.ROOT, "mxp-b3c00000-0000-4000-8000-%012d-system", i));
        }
        world.cluster().controlPlaneNamespaces(namespaces);
        world.cluster().awaitSettled(java.time.Duration.ofMinutes(20));
        try (var cpu = new ProcessCpu()) {
            var watch = cpu.begin();
            Thread.sleep(10_000);
            System.out.println(n + " pods, the watching kubelet, 10 s: " + watch.end());
            var stop = new AtomicBoolean();
            var turns = new AtomicInteger();
            var poller = new Thread(() -> {
                while (!stop.get()) {
                    world.cluster().api().list("/api/v1/pods").forEach(pod -> pod.get("metadata"));
                    turns.incrementAndGet();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.start();
            Thread.sleep(2_000);
            var polling = cpu.begin();
            var before = turns.get();
            Thread.sleep(10_000);
            var spent = polling.end();
            var done = turns.get() - before;
            stop.set(true);
            poller.join();
            System.out.println(n + " pods, and listing every pod every 200 ms (" + done + " lists in 10 s), 10 s: " + spent);
        }
        System.exit(0);
    }
}
