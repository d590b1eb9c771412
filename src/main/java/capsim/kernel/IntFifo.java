package capsim.kernel;

/** A FIFO of ints (guest numbers, call ids) with indexed reads: O(1) add and poll, no boxing. */
public final class IntFifo {
    private int[] a = new int[16];
    private int head;
    private int size;

    public void add(int v) {
        if (size == a.length) {
            int[] b = new int[a.length * 2];
            for (int i = 0; i < size; i++) b[i] = a[(head + i) % a.length];
            a = b;
            head = 0;
        }
        a[(head + size) % a.length] = v;
        size++;
    }

    /** Takes the oldest; the FIFO must not be empty. */
    public int poll() {
        if (size == 0) throw new IllegalStateException("empty");
        int v = a[head];
        head = (head + 1) % a.length;
        size--;
        return v;
    }

    /** The {@code i}-th oldest, without taking it. */
    public int get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        return a[(head + i) % a.length];
    }

    public int size() {
        return size;
    }
}
