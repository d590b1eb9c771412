package capsim.validate.host;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A QMP client on a unix socket: reads the greeting, negotiates capabilities, runs commands and
 * waits for their {@code return} or {@code error}, skipping asynchronous {@code event} lines
 * (kept in {@link #events()}). Every read has a timeout so a stuck QEMU cannot hang a probe.
 */
public final class Qmp implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<JsonObject> events = new ArrayList<>();
    private JsonObject greeting;
    private long nextId;

    /** A command's {@code error} answer. */
    public static final class QmpError extends IOException {
        private static final long serialVersionUID = 1L;
        private final String errorClass;

        QmpError(String command, String errorClass, String desc) {
            super(command + ": " + errorClass + ": " + desc);
            this.errorClass = errorClass;
        }

        public String errorClass() {
            return errorClass;
        }
    }

    private Qmp(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        this.timeout = timeout;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        in.flip();
    }

    /**
     * Connects to {@code socket}, retrying while it does not exist yet, reads the greeting and
     * enters command mode. Gives up after {@code timeout} or as soon as {@code alive} turns false
     * (the QEMU process exited).
     */
    public static Qmp connect(Path socket, Duration timeout, BooleanSupplier alive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(socket);
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(addr);
                Qmp q = new Qmp(ch, timeout);
                try {
                    q.greeting = q.readMessage(deadline);
                    if (!q.greeting.has("QMP")) throw new IOException("not a QMP greeting: " + q.greeting);
                    q.execute("qmp_capabilities");
                    return q;
                } catch (IOException | RuntimeException e) {
                    q.close();
                    throw e;
                }
            } catch (java.net.SocketException e) {
                ch.close();
                if (!alive.getAsBoolean()) throw new IOException("QEMU exited before its QMP socket answered");
                if (System.nanoTime() > deadline) throw new IOException("no QMP on " + socket + " after " + timeout.toMillis() + " ms");
                sleepBriefly();
            }
        }
    }

    private static void sleepBriefly() throws IOException {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** The greeting QEMU sent: {@code {"QMP": {"version": ..., "capabilities": [...]}}}. */
    public JsonObject greeting() {
        return greeting;
    }

    /** QEMU's version from the greeting, e.g. "7.2.22". */
    public String version() {
        JsonObject v = greeting.getAsJsonObject("QMP").getAsJsonObject("version").getAsJsonObject("qemu");
        return v.get("major").getAsInt() + "." + v.get("minor").getAsInt() + "." + v.get("micro").getAsInt();
    }

    /** Asynchronous events seen so far while waiting for answers. */
    public List<JsonObject> events() {
        return events;
    }

    public JsonElement execute(String command) throws IOException {
        return execute(command, null);
    }

    /** Runs a command and returns its {@code return} value; an {@code error} answer throws {@link QmpError}. */
    public JsonElement execute(String command, JsonObject arguments) throws IOException {
        long id = ++nextId;
        JsonObject msg = new JsonObject();
        msg.addProperty("execute", command);
        if (arguments != null) msg.add("arguments", arguments);
        msg.addProperty("id", id);
        ByteBuffer out = ByteBuffer.wrap((msg + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() > deadline) throw new IOException(command + ": write timed out");
                Thread.onSpinWait();
            }
        }
        while (true) {
            JsonObject answer = readMessage(deadline);
            if (answer.has("event")) {
                events.add(answer);
                continue;
            }
            if (answer.has("id") && answer.get("id").getAsLong() != id) continue;
            if (answer.has("return")) return answer.get("return");
            if (answer.has("error")) {
                JsonObject e = answer.getAsJsonObject("error");
                throw new QmpError(command, e.has("class") ? e.get("class").getAsString() : "?",
                        e.has("desc") ? e.get("desc").getAsString() : e.toString());
            }
            throw new IOException(command + ": unexpected answer " + answer);
        }
    }

    private JsonObject readMessage(long deadline) throws IOException {
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    line.reset();
                    if (text.isEmpty()) continue;
                    try {
                        return JsonParser.parseString(text).getAsJsonObject();
                    } catch (JsonParseException | IllegalStateException e) {
                        throw new IOException("bad QMP line: " + text, e);
                    }
                }
                line.write(b);
            }
            long waitMs = (deadline - System.nanoTime()) / 1_000_000;
            if (waitMs <= 0) throw new IOException("QMP answer timed out after " + timeout.toMillis() + " ms");
            selector.select(waitMs);
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) throw new IOException("QMP connection closed by QEMU");
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
