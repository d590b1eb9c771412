package capsim.validate.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed cpio archive in the "newc" format the kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte ASCII
 * header, the NUL-terminated name, the data, each padded to 4 bytes; a {@code TRAILER!!!}
 * entry ends it. Written here because no library the project uses writes cpio, and the format
 * is this small; entries get fixed times and owners, so equal inputs give equal bytes.
 */
public final class CpioArchive implements AutoCloseable {
    private static final int DIR = 0040000;
    private static final int FILE = 0100000;
    private static final int SYMLINK = 0120000;

    private final OutputStream out;
    private long ino = 1;
    private long written;

    public CpioArchive(Path file) throws IOException {
        this.out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    public void directory(String name) throws IOException {
        entry(name, DIR | 0755, 2, new byte[0]);
    }

    public void file(String name, byte[] data, int mode) throws IOException {
        entry(name, FILE | mode, 1, data);
    }

    public void symlink(String name, String target) throws IOException {
        entry(name, SYMLINK | 0777, 1, target.getBytes(StandardCharsets.UTF_8));
    }

    private void entry(String name, int mode, int nlink, byte[] data) throws IOException {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        String header = "070701" + hex(ino++) + hex(mode) + hex(0) + hex(0) + hex(nlink) + hex(0)
                + hex(data.length) + hex(0) + hex(0) + hex(0) + hex(0) + hex(n.length) + hex(0);
        write(header.getBytes(StandardCharsets.US_ASCII));
        write(n);
        pad();
        write(data);
        pad();
    }

    private static String hex(long v) {
        return String.format("%08x", v);
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) write(new byte[1]);
    }

    @Override
    public void close() throws IOException {
        ino = 0;
        entry("TRAILER!!!", 0, 1, new byte[0]);
        out.close();
    }
}
