package org.bootnode.server.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.bootnode.server.bridge.DhcpService;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.NodeStore;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.inventory.BootEvent;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.UnknownMacs;
import org.bootnode.server.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: JSON over HTTP, documented in docs/api.md and docs/openapi.yaml. The admin
 * listener hands it every {@code /api/...} request after its access check; it routes, reads or
 * changes, and answers. Every answer is JSON, refusals too ({@code {"error","field"}}).
 *
 * <pre>
 * GET    /api/nodes                    nodes and unknown MACs
 * GET    /api/nodes/{name}             one node: settings, lease, recent boots; ETag
 * POST   /api/nodes                    add a node (NodeInput)                    WRITE
 * PUT    /api/nodes/{name}             replace a node (If-Match)                 WRITE
 * DELETE /api/nodes/{name}             remove a node (If-Match)                  WRITE
 * GET    /api/groups                   groups
 * GET    /api/leases                   DHCP leases
 * DELETE /api/leases/{ip}              release a lease                           WRITE
 * GET    /api/unknown                  MACs heard that no node names
 * POST   /api/unknown/{mac}/adopt      make one a node                           WRITE
 * GET    /api/timeline                 boot events (node, since, limit)
 * GET    /api/events                   server-sent events: boot steps and node changes
 * </pre>
 *
 * Runs on whichever thread the listener calls it from; the only disk work (node files) goes
 * through {@link NodeEditor}, which the listener must therefore call off the event loop.
 */
public final class AdminApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    /** The most events {@code /api/timeline} answers with. */
    static final int MAX_TIMELINE = 1000;

    private final Supplier<Inventory> inventory;
    private final BootTimeline timeline;
    private final UnknownMacs unknown;
    private final Supplier<DhcpService> dhcp;
    private final EventStream events;
    private final NodeEditor editor;
    private final Clock clock;
    private final Executor writes;
    private final ExecutorService ownWrites;
    private final Reads reads;

    private AdminApi(Builder b) {
        this.inventory = Objects.requireNonNull(b.inventory, "inventory");
        this.timeline = Objects.requireNonNull(b.timeline, "timeline");
        this.unknown = Objects.requireNonNull(b.unknown, "unknown");
        this.dhcp = b.dhcp != null ? b.dhcp : () -> null;
        this.events = Objects.requireNonNull(b.events, "events");
        this.clock = b.clock;
        this.editor = b.nodeFiles == null ? null : new NodeEditor(b.nodeFiles, b.mainFile, b.lock, b.apply, unknown, dhcp,
                inventory);
        if (b.writes != null) {
            this.writes = b.writes;
            this.ownWrites = null;
        } else {
            // One thread: changes are serialized by the reload lock anyway; a short queue, then 503.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                    new DefaultThreadFactory("bootnode-node-files", true));
            this.writes = pool;
            this.ownWrites = pool;
        }
        this.reads = new Reads(inventory, timeline, unknown, dhcp, clock, b.nodeFiles);
        // Boot steps reach the event stream in the order of their ids.
        timeline.watch(this::bootEvent);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Answers one /api/... request; may answer later (SSE keeps the channel open). */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, Access access) {
        try {
            route(ctx, request, access);
        } catch (ApiException e) {
            Answers.refuse(ctx, request, e);
        } catch (JsonInputException e) {
            Answers.refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage(), e.field().orElse(null));
        } catch (RuntimeException e) {
            log.warn("api {} {}: {}", request.method(), LogText.escape(request.uri()), LogText.escape(e.toString()));
            Answers.refuse(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", null);
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, Access access) {
        if (!request.decoderResult().isSuccess()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad request", null);
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        List<String> path = segments(uri.rawPath());
        HttpMethod method = request.method();
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (!read && access != Access.WRITE) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "read-only access", null);
        }
        if (path.size() < 2 || !path.get(0).equals("api")) {
            throw notFound();
        }
        String what = path.get(1);
        int n = path.size();
        switch (what) {
            case "nodes" -> {
                if (n == 2) {
                    allow(method, "GET, HEAD, POST");
                    if (read) {
                        Answers.ok(ctx, request, reads.nodeList());
                    } else {
                        change(ctx, request, (e, body) -> e.add(body));
                    }
                } else if (n == 3) {
                    allow(method, "GET, HEAD, PUT, DELETE");
                    if (read) {
                        nodeDetail(ctx, request, path.get(2));
                    } else if (method.equals(HttpMethod.PUT)) {
                        String name = path.get(2);
                        String ifMatch = request.headers().get(HttpHeaderNames.IF_MATCH);
                        change(ctx, request, (e, body) -> e.replace(name, body, ifMatch));
                    } else {
                        String name = path.get(2);
                        String ifMatch = request.headers().get(HttpHeaderNames.IF_MATCH);
                        change(ctx, request, (e, body) -> e.remove(name, ifMatch));
                    }
                } else {
                    throw notFound();
                }
            }
            case "groups" -> {
                only(n == 2);
                allow(method, "GET, HEAD");
                Answers.ok(ctx, request, reads.groups());
            }
            case "leases" -> {
                if (n == 2) {
                    allow(method, "GET, HEAD");
                    Answers.ok(ctx, request, reads.leases());
                } else {
                    only(n == 3);
                    allow(method, "DELETE");
                    release(ctx, request, path.get(2));
                }
            }
            case "unknown" -> {
                if (n == 2) {
                    allow(method, "GET, HEAD");
                    Answers.ok(ctx, request, reads.unknown());
                } else {
                    only(n == 4 && path.get(3).equals("adopt"));
                    allow(method, "POST");
                    String mac = path.get(2);
                    change(ctx, request, (e, body) -> e.adopt(mac, body));
                }
            }
            case "timeline" -> {
                only(n == 2);
                allow(method, "GET, HEAD");
                Answers.ok(ctx, request, reads.timeline(uri.parameters()));
            }
            case "events" -> {
                only(n == 2);
                allow(method, "GET");
                long last = lastEventId(request);
                FullHttpRequest head = request.replace(Unpooled.EMPTY_BUFFER);
                events.open(ctx.channel(), request.protocolVersion(), last, () -> Answers.refuse(ctx, head,
                        HttpResponseStatus.SERVICE_UNAVAILABLE, "too many event stream watchers", null));
            }
            default -> throw notFound();
        }
    }

    /**
     * Runs a node change on the API's own thread (disk work, and the lock SIGHUP takes), then
     * answers from there. The request's body is copied first: the listener releases the request
     * when this returns.
     */
    private void change(ChannelHandlerContext ctx, FullHttpRequest request, BiFunction<NodeEditor, byte[], NodeEditor.Done> work) {
        if (editor == null) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "no node-files in the configuration: nodes are read-only", null);
        }
        if (request.content().readableBytes() > Json.MAX_BYTES) {
            throw new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body over " + Json.MAX_BYTES + " bytes", null);
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        FullHttpRequest head = request.replace(Unpooled.EMPTY_BUFFER);
        try {
            writes.execute(() -> {
                try {
                    answer(ctx, head, work.apply(editor, body));
                } catch (ApiException e) {
                    Answers.refuse(ctx, head, e);
                } catch (JsonInputException e) {
                    Answers.refuse(ctx, head, HttpResponseStatus.BAD_REQUEST, e.getMessage(), e.field().orElse(null));
                } catch (RuntimeException e) {
                    log.warn("api {} {}: {}", head.method(), LogText.escape(head.uri()), LogText.escape(e.toString()));
                    Answers.refuse(ctx, head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", null);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many node changes waiting, try again", null);
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, NodeEditor.Done done) {
        if (done.node() == null) {
            Answers.send(ctx, request, Answers.empty(request, done.status()));
            return;
        }
        NodeSpec node = done.node();
        FullHttpResponse r = Answers.response(request, done.status(),
                Documents.Node.of(node, timeline.events(node.mac()), done.inventory()));
        r.headers().set(HttpHeaderNames.ETAG, ETags.of(node, done.inventory().config()));
        if (done.status().equals(HttpResponseStatus.CREATED)) {
            r.headers().set(HttpHeaderNames.LOCATION, "/api/nodes/" + node.name());
        }
        Answers.send(ctx, request, r);
    }

    /** Stops the thread of node changes (those queued are dropped; the one running finishes). */
    @Override
    public void close() {
        if (ownWrites != null) {
            ownWrites.shutdownNow();
        }
    }

    private void nodeDetail(ChannelHandlerContext ctx, FullHttpRequest request, String name) {
        Inventory inv = inventory.get();
        NodeSpec node = Reads.find(inv, name);
        FullHttpResponse r = Answers.response(request, HttpResponseStatus.OK, reads.detail(inv, node));
        r.headers().set(HttpHeaderNames.ETAG, ETags.of(node, inv.config()));
        Answers.send(ctx, request, r);
    }

    private void release(ChannelHandlerContext ctx, FullHttpRequest request, String ip) {
        Inet4Address address = Addresses.parse(ip).orElseThrow(
                () -> new ApiException(HttpResponseStatus.BAD_REQUEST, "not an IPv4 address", "ip"));
        DhcpService d = dhcp.get();
        Optional<CompletionStage<Void>> released = d == null ? Optional.empty() : d.release(address);
        if (released.isEmpty()) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "no lease on " + address.getHostAddress(), null);
        }
        FullHttpRequest head = request.replace(Unpooled.EMPTY_BUFFER); // answered later: the listener releases the request
        released.get().whenComplete((v, error) -> {
            if (error != null) {
                log.warn("api: release of {} failed: {}", address.getHostAddress(), LogText.escape(error.toString()));
                Answers.refuse(ctx, head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "release not written", null);
            } else {
                log.info("api: released the lease on {}", address.getHostAddress());
                Answers.send(ctx, head, Answers.empty(head, HttpResponseStatus.NO_CONTENT));
            }
        });
    }

    private static long lastEventId(FullHttpRequest request) {
        String id = request.headers().get("Last-Event-ID");
        if (id == null) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Publishes {@code event: node} for each node added, changed or removed between two
     * inventories (a reload: SIGHUP or a change through the API), so that watchers need not poll.
     */
    public void reloaded(Inventory before, Inventory after) {
        for (NodeSpec node : after.nodes()) {
            NodeSpec old = before.config().nodes().get(node.name());
            if (old == null) {
                nodeChanged("added", after, node);
            } else if (!ETags.of(old, before.config()).equals(ETags.of(node, after.config()))) {
                nodeChanged("updated", after, node);
            }
        }
        for (NodeSpec node : before.nodes()) {
            if (!after.config().nodes().containsKey(node.name())) {
                nodeChanged("removed", before, node);
            }
        }
    }

    private void nodeChanged(String action, Inventory inv, NodeSpec node) {
        List<BootEvent> all = timeline.events(node.mac());
        events.publish("node", new Documents.NodeChange(action, Documents.Node.of(node, all, inv)));
    }

    /** Publishes a boot event: the timeline's watcher. */
    void bootEvent(BootEvent event) {
        // The document only when a watcher takes it (BootEvent is a value; the inventory as it is now).
        Inventory now = inventory.get();
        events.publish("boot", () -> Documents.Event.of(event, now));
    }

    // --- answers -------------------------------------------------------------------------------

    private static void only(boolean known) {
        if (!known) {
            throw notFound();
        }
    }

    private static ApiException notFound() {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not found", null);
    }

    private static void allow(HttpMethod method, String allowed) {
        List<String> methods = List.of(allowed.split(", "));
        if (!methods.contains(method.name())) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed", null).allow(allowed);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/", -1)) {
            if (!s.isEmpty()) {
                try {
                    out.add(QueryStringDecoder.decodeComponent(s));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(HttpResponseStatus.BAD_REQUEST, "bad percent-encoding in the path", null);
                }
            }
        }
        return out;
    }

    /** Builds an {@link AdminApi}. */
    public static final class Builder {
        private Supplier<Inventory> inventory;
        private BootTimeline timeline;
        private UnknownMacs unknown;
        private Supplier<DhcpService> dhcp;
        private EventStream events;
        private NodeStore nodeFiles;
        private Path mainFile;
        private Object lock;
        private Consumer<BootConfig> apply;
        private Executor writes;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The nodes served now (required). */
        public Builder inventory(Supplier<Inventory> inventory) {
            this.inventory = inventory;
            return this;
        }

        /** The boot timeline (required). */
        public Builder timeline(BootTimeline timeline) {
            this.timeline = timeline;
            return this;
        }

        /** The MACs heard that no node names (required). */
        public Builder unknown(UnknownMacs unknown) {
            this.unknown = unknown;
            return this;
        }

        /** The running DHCP server, or null when there is none (no leases). */
        public Builder dhcp(Supplier<DhcpService> dhcp) {
            this.dhcp = dhcp;
            return this;
        }

        /** The event stream (required). */
        public Builder events(EventStream events) {
            this.events = events;
            return this;
        }

        /**
         * Lets the API change nodes, kept in {@code store} (the {@code node-files} setting, or the
         * shared database of {@code store: postgres}): each
         * change re-reads {@code mainFile}, is checked with the whole configuration, written, and
         * applied with {@code apply} (the server's reload, which may refuse it with
         * {@link IllegalArgumentException}), all while holding {@code lock}, the lock that SIGHUP's
         * reload holds. Without this, nodes are read-only through the API (409).
         */
        public Builder nodeFiles(NodeStore store, Path mainFile, Object lock, Consumer<BootConfig> apply) {
            this.nodeFiles = Objects.requireNonNull(store, "store");
            this.mainFile = Objects.requireNonNull(mainFile, "mainFile");
            this.lock = Objects.requireNonNull(lock, "lock");
            this.apply = Objects.requireNonNull(apply, "apply");
            return this;
        }

        /** Where node changes run (default: a thread of the API's own); tests run them in place. */
        Builder writes(Executor writes) {
            this.writes = writes;
            return this;
        }

        /** The clock leases are judged by. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The API. */
        public AdminApi build() {
            return new AdminApi(this);
        }
    }
}
