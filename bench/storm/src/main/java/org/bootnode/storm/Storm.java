package org.bootnode.storm;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The boot-storm generator: N simulated nodes power on within a spread of seconds and each does
 * the whole network boot against a server through one relay address (see {@link NodeBoot}).
 *
 * <pre>
 * storm run   [options]    the storm; prints the report, exit 0 when every node booted with no address given twice
 * storm setup [options]    writes bootnode's configuration and the dnsmasq + nginx stand-in's for N nodes
 * </pre>
 * Only {@link #main} exits the JVM; {@link #run} is what tests call.
 */
public final class Storm {
    private Storm() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a subcommand; returns the exit code (0 ok, 1 failure, 2 usage). */
    static int execute(String[] args) {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("setup"))) {
            System.err.println("usage: storm run|setup [options] (see bench/storm/README.md)");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            if (args[0].equals("setup")) {
                StormSetup.fromArgs(rest).write();
                return 0;
            }
            StormReport report = run(StormCommand.parse(rest));
            report.print(System.out);
            report.write();
            return report.failed() == 0 && report.conflicts() == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("storm: " + e.getMessage());
            return 2;
        } catch (IOException | InterruptedException e) {
            System.err.println("storm: " + e);
            return 1;
        }
    }

    /** Runs one storm to its end (or its limit) and returns what it measured. */
    static StormReport run(StormConfig config) throws InterruptedException {
        Loops loops = new Loops(config.threads());
        EventLoopGroup group = loops.group();
        try (DhcpRelay relay = DhcpRelay.open(loops, new InetSocketAddress(config.relay(), config.relayPort()),
                new InetSocketAddress(config.server(), config.serverPort()), config.nodes())) {
            HttpGet http = new HttpGet(loops, Duration.ofSeconds(10), Duration.ofSeconds(30), new Answers(8 * config.nodes() + 1024));
            Random random = new Random(config.seed());
            List<NodeBoot> boots = new ArrayList<>(config.nodes());
            List<CompletableFuture<NodeResult>> results = new ArrayList<>(config.nodes());
            List<Long> selfPid = List.of(ProcessHandle.current().pid());
            ProcessStats selfBefore = ProcessStats.read(selfPid);
            ThreadCpu selfThreadsBefore = ThreadCpu.read(selfPid);
            List<Long> serverPids = ProcessStats.withDescendants(config.pids());
            ThreadCpu threadsBefore = ThreadCpu.read(serverPids);
            ProcessStats before = config.pids().isEmpty() ? ProcessStats.NONE : ProcessStats.read(config.pids());
            long spread = config.spread().toNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < config.nodes(); i++) {
                NodeBoot boot = new NodeBoot(config.node(i), config, relay, http, loops);
                CompletableFuture<NodeResult> done = new CompletableFuture<>();
                long at = spread == 0 ? 0 : (long) (random.nextDouble() * spread);
                group.next().schedule(() -> boot.start().thenAccept(done::complete), at, TimeUnit.NANOSECONDS);
                boots.add(boot);
                results.add(done);
            }
            try {
                CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(config.limit().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // reported below: the nodes not done are failures
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            ProcessStats after = config.pids().isEmpty() ? ProcessStats.NONE : ProcessStats.read(config.pids());
            List<String> threads = ThreadCpu.read(serverPids).top(threadsBefore, 12);
            ProcessStats selfCpu = ProcessStats.read(selfPid).minusCpu(selfBefore);
            BodyDiscard discard = loops.bodyDiscard();
            StormReport.Generator self = new StormReport.Generator(selfCpu.cpuSeconds(),
                    ThreadCpu.read(selfPid).top(selfThreadsBefore, 8), discard == null ? 0 : discard.moved(), loops.kind());
            List<NodeResult> all = new ArrayList<>(config.nodes());
            long end = t0;
            for (int i = 0; i < results.size(); i++) {
                NodeResult r = results.get(i).getNow(null);
                if (r == null) {
                    r = boots.get(i).unfinished(config.limit());
                }
                all.add(r);
                end = Math.max(end, r.endNanos());
            }
            return new StormReport(config, all, end - t0, relay.sent(), relay.unmatched(), before, after, self, threads,
                    Restart.read(config.restartMark(), relay.answers(), http.answers()));
        } finally {
            loops.shutdown();
        }
    }
}
