package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.*;

import capsim.cli.Cli.Run;
import capsim.experiment.Batch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep split into shards and merged gives the results folder one machine writes: every file
 * byte-identical (the journal in case order, as its lines are written in the order runs finish),
 * whatever the number of shards and the order they finish in; bad shards are refused.
 */
class ShardCommandTest {
    @TempDir
    Path tmp;

    /** 3 guest counts x 2 disk counts x 3 replications = 18 runs of different sizes, the largest breaking. */
    private static final String[] SWEEP = {"sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=20,60,180",
        "--axis", "guest.disks=1,4", "-r", "3", "--set", "stack.libvirt.daemonNofile=300", "--json", "-q"};

    private Run sweep(Path out, String... extra) {
        return cli(Stream.concat(Stream.of(SWEEP), Stream.concat(Stream.of("--out", out.toString()), Stream.of(extra))).toArray(String[]::new));
    }

    /** Runs the N shards in a shuffled order and merges them. */
    private Run shardedAndMerged(Path out, int n, long shuffle) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < n; k++) order.add(k);
        Collections.shuffle(order, new Random(shuffle));
        List<String> merge = new ArrayList<>(List.of("sweep", "--json", "-q", "--out", out.toString(), "--merge"));
        for (int k : order) {
            Run s = sweep(out, "--shard", k + "/" + n);
            assertEquals(0, s.exit(), "a finished shard exits 0 even with broken runs: " + s.stderr());
            merge.add(s.dir().toString());
        }
        return cli(merge.toArray(String[]::new));
    }

    @Test
    void mergedShardsAreTheOneMachineResultWhateverTheirNumberAndOrder() throws IOException {
        Path out = tmp.resolve("out");   // one --out for all, so the recorded command lines agree
        Run whole = sweep(out);
        assertEquals(1, whole.exit(), whole.stderr());
        for (int n : new int[] {1, 3, 7}) {
            Run merged = shardedAndMerged(out, n, n);
            assertEquals(whole.exit(), merged.exit(), merged.stderr());
            assertSameFolder(whole.dir(), merged.dir());
        }
    }

    @Test
    void shardsRunAsSeparateProcessesTakeTheirIndexFromTheEnginesEnvironment() throws Exception {
        Path out = tmp.resolve("out");
        Run whole = sweep(out);
        int n = 3;
        List<Process> procs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(SWEEP));
            cmd.addAll(List.of("--out", out.toString(), "--shard", Integer.toString(n)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("shard" + k + ".log").toFile());
            // Kubernetes numbers pods from 0, Slurm arrays here from 1 (--array=1-3)
            if (k == 0) pb.environment().put("JOB_COMPLETION_INDEX", "0");
            else {
                pb.environment().put("SLURM_ARRAY_TASK_ID", Integer.toString(k + 1));
                pb.environment().put("SLURM_ARRAY_TASK_MIN", "1");
            }
            procs.add(pb.start());
        }
        List<String> merge = new ArrayList<>(List.of("sweep", "--json", "-q", "--out", out.toString(), "--merge"));
        for (int k = 0; k < n; k++) {
            assertEquals(0, procs.get(k).waitFor(), Files.readString(tmp.resolve("shard" + k + ".log")));
            String doc = Files.readString(tmp.resolve("shard" + k + ".log"));
            var json = com.google.gson.JsonParser.parseString(doc).getAsJsonObject();
            assertEquals(k, json.get("shard").getAsInt());
            merge.add(json.get("resultsDir").getAsString());
        }
        Run merged = cli(merge.toArray(String[]::new));
        assertSameFolder(whole.dir(), merged.dir());
    }

    @Test
    void badShardsAreRefusedNamingTheShardAndNothingIsMerged() throws IOException {
        Path shards = tmp.resolve("shards");
        List<Path> dirs = new ArrayList<>();
        for (int k = 0; k < 3; k++) dirs.add(sweep(shards, "--shard", k + "/3").dir());
        Path other = sweep(tmp.resolve("other"), "--shard", "1/3", "--set", "guest.vcpus=1").dir();   // another plan
        Path out = tmp.resolve("merged");

        assertRefused(out, "shard 1/3 is given twice", dirs.get(0), dirs.get(1), dirs.get(1), dirs.get(2));
        assertRefused(out, "1 of 3 shards missing: 2", dirs.get(0), dirs.get(1));
        assertRefused(out, "belongs to another plan", dirs.get(0), other, dirs.get(2));
        assertRefused(out, "not a shard", dirs.get(0), sweep(tmp.resolve("whole")).dir());
        // a compare's shards are merged by compare, and the other way round
        Path c0 = cli("compare", "experiments/quickstart.json", "--variant", "a=", "--variant", "b=guest.vcpus=4", "--axis",
                "steps[0].count,steps[1].count=20,40", "-r", "1", "--json", "-q", "--out", tmp.resolve("cmp").toString(), "--shard", "0/1").dir();
        assertRefused(out, "these are shards of a compare: merge them with capsim compare --merge", c0);

        // a damaged journal line: refused with its line, and the journal left as it was
        Path journal = dirs.get(2).resolve(Batch.JOURNAL);
        byte[] before = Files.readAllBytes(journal);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.set(1, lines.get(1).substring(0, lines.get(1).length() / 2) + "}");
        Files.write(journal, lines, StandardCharsets.UTF_8);
        byte[] damaged = Files.readAllBytes(journal);
        assertRefused(out, Batch.JOURNAL + ":2", dirs.get(0), dirs.get(1), dirs.get(2));
        assertArrayEquals(damaged, Files.readAllBytes(journal));
        Files.write(journal, before);

        // a shard that was killed: its journal lacks runs; refused, then resumed and merged
        lines = new ArrayList<>(Files.readAllLines(journal));
        Files.write(journal, lines.subList(0, lines.size() - 2), StandardCharsets.UTF_8);
        Files.delete(dirs.get(2).resolve(Batch.SHARD_DONE_FILE));
        assertRefused(out, "shard 2/3 is unfinished", dirs.get(0), dirs.get(1), dirs.get(2));
        Run resumed = cli("sweep", "--resume", dirs.get(2).toString(), "--json", "-q");
        assertEquals(0, resumed.exit(), resumed.stderr());
        assertEquals(2, resumed.json().get("runsExecuted").getAsInt());
        Run merged = cli("sweep", "--json", "-q", "--out", out.toString(), "--merge", dirs.get(0).toString(), dirs.get(1).toString(), dirs.get(2).toString());
        assertEquals(1, merged.exit(), merged.stderr());
    }

    private static void assertRefused(Path out, String says, Path... dirs) {
        List<String> args = new ArrayList<>(List.of("sweep", "-q", "--out", out.toString(), "--merge"));
        for (Path d : dirs) args.add(d.toString());
        Run r = cli(args.toArray(String[]::new));
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.stderr());
        assertTrue(r.stderr().contains(says), "expected \"" + says + "\" in: " + r.stderr());
        assertEquals(1, r.stderr().strip().split("\n").length, r.stderr());
        assertFalse(Files.exists(out), "nothing is written when a merge is refused");
    }

    @Test
    void aRetriedShardGoesOnWithItsFolderAndAFinishedOneRunsNothing() throws IOException {
        Path out = tmp.resolve("out");
        Run cut = sweep(out, "--shard", "1/2", "--stop-after", "2");   // as if the pod was killed after 2 runs
        assertEquals(1, cut.exit(), cut.stderr());
        Run retry = sweep(out, "--shard", "1/2");
        assertEquals(0, retry.exit(), retry.stderr());
        assertEquals(cut.dir(), retry.dir(), "the retry continues the killed shard's folder");
        assertEquals(2, retry.json().get("runsResumed").getAsInt());
        Run again = sweep(out, "--shard", "1/2");
        assertEquals(retry.dir(), again.dir());
        assertEquals(0, again.json().get("runsExecuted").getAsInt());
        Run otherPlan = sweep(out, "--shard", "1/2", "--set", "guest.vcpus=1");
        assertNotEquals(retry.dir(), otherPlan.dir(), "another plan's shard 1/2 is a new folder");
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(2, s.count());
        }
        Run zero = sweep(out, "--shard", "0/2");
        Run merged = cli("sweep", "--json", "-q", "--out", tmp.resolve("m").toString(), "--merge", zero.dir().toString(), retry.dir().toString());
        Run whole = sweep(tmp.resolve("w"));
        assertEquals(whole.json().get("runs").getAsInt(), merged.json().get("runs").getAsInt());
        for (String f : SweepCommandTest.DETERMINISTIC) {
            assertArrayEquals(Files.readAllBytes(whole.dir().resolve(f)), Files.readAllBytes(merged.dir().resolve(f)), f);
        }
    }

    @Test
    void aShardIndexOutsideTheShardsOrMissingIsBadInput() {
        for (String[] bad : new String[][] {{"--shard", "3/3"}, {"--shard", "-1/3"}, {"--shard", "a/3"}, {"--shard", "1/0"}, {"--shard", "3"}}) {
            Run r = sweep(tmp.resolve("x"), bad);
            assertEquals(Main.EXIT_BAD_INPUT, r.exit(), String.join(" ", bad) + ": " + r.stderr());
            assertFalse(Files.exists(tmp.resolve("x")), String.join(" ", bad));
        }
    }

    /** Every file of a results folder byte-identical, the journal's lines as a set (they are written as runs finish). */
    static void assertSameFolder(Path a, Path b) throws IOException {
        List<Path> fa = files(a), fb = files(b);
        assertEquals(fa.stream().map(a::relativize).toList(), fb.stream().map(b::relativize).toList());
        for (Path f : fa) {
            Path rel = a.relativize(f);
            if (rel.toString().equals(Batch.JOURNAL)) {
                assertEquals(sortedLines(f), sortedLines(b.resolve(rel)), rel.toString());
            } else {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(rel)), rel + " differs");
            }
        }
    }

    private static List<String> sortedLines(Path f) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(f));
        Collections.sort(l);
        return l;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
