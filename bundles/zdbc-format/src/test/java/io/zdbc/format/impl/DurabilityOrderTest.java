package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.format.impl.FaultInjectionTest.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PROTOCOL.md, "Durability": in DURABLE mode every file a write creates is fsync'ed, and every
 * directory entry it creates or renames is made durable by an fsync of the directory, before the
 * write returns. Checked on the trace of file operations of each kind of write.
 */
class DurabilityOrderTest {
    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    static List<Scenario> scenarios() {
        return FaultInjectionTest.scenarios();
    }

    record Op(String name, Path path) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyNewFileAndDirectoryEntryIsSyncedBeforeTheWriteReturns(Scenario sc) throws Exception {
        Path reg = tmp.resolve("DB");
        sc.setup().run(reg);
        FaultyFileOps tracer = new FaultyFileOps(null, null, 0, FaultyFileOps.Mode.BEFORE);
        try (ZdbcStorage s = Db.open(reg, tracer)) {
            Set<Path> dirsBefore;
            try (Stream<Path> w = Files.walk(tmp)) {
                dirsBefore = w.filter(Files::isDirectory)
                        .map(p -> p.toAbsolutePath().normalize())
                        .collect(Collectors.toSet());
            }
            int start = tracer.trace().size();
            sc.action().run(s);
            List<Op> ops = new ArrayList<>();
            for (String t : tracer.trace().subList(start, tracer.trace().size())) {
                int sp = t.indexOf(' ');
                String p = t.substring(sp + 1);
                ops.add(new Op(t.substring(0, sp), p.equals("null") ? null : Paths.get(p)));
            }
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                switch (op.name()) {
                    case "rename":
                        requireLater(
                                ops, i, "fsyncDirectory", op.path().getParent(), "rename to " + op.path(), problems);
                        break;
                    case "openForWrite":
                        requireLater(ops, i, "force", op.path(), "new file " + op.path(), problems);
                        if (!op.path().toString().endsWith(Layout.TMP_SUFFIX)) {
                            requireLater(
                                    ops, i, "fsyncDirectory", op.path().getParent(), "new file " + op.path(), problems);
                        }
                        break;
                    case "openExisting":
                        // Writing into an existing file changes no directory entry: a force suffices.
                        requireLater(ops, i, "force", op.path(), "write to " + op.path(), problems);
                        break;
                    case "link":
                        if (!op.path().toString().endsWith(Layout.TMP_SUFFIX)) {
                            requireLater(
                                    ops,
                                    i,
                                    "fsyncDirectory",
                                    op.path().getParent(),
                                    "hard link " + op.path(),
                                    problems);
                        }
                        break;
                    case "createDirectories":
                        for (Path d = op.path(); d != null && !dirsBefore.contains(d); d = d.getParent()) {
                            requireLater(ops, i, "fsyncDirectory", d.getParent(), "new directory " + d, problems);
                        }
                        break;
                    default:
                        break;
                }
            }
            assertTrue(problems.isEmpty(), sc + ": " + problems + "\ntrace: " + ops);
        }
    }

    private static void requireLater(List<Op> ops, int i, String name, Path path, String what, List<String> problems) {
        for (int j = i + 1; j < ops.size(); j++) {
            if (ops.get(j).name().equals(name) && path.equals(ops.get(j).path())) {
                return;
            }
        }
        problems.add(what + " is not followed by " + name + " " + path);
    }
}
