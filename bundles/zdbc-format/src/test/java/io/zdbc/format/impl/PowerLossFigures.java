package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts {@link PowerLossTest} prints: per workload its cut points, images and outcomes. */
final class PowerLossFigures {
    private final List<Row> rows = new ArrayList<>();

    /** One workload's figures. */
    static final class Row {
        final String workload;
        final int ops;
        long images;
        long recoveryImages;
        final Map<String, Long> outcomes = new TreeMap<>();
        final List<String> silentWrong = new ArrayList<>();
        private final Map<String, String> refusals = new TreeMap<>();

        Row(String workload, int ops) {
            this.workload = workload;
            this.ops = ops;
        }

        void outcome(String what) {
            outcomes.merge(what, 1L, Long::sum);
        }

        void refusal(Exception e, String where) {
            refusals.putIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), where);
        }

        void silentWrong(String what) {
            outcome("SILENT WRONG ANSWER");
            silentWrong.add(what);
        }

        void assertNoSilentWrongAnswer() {
            if (!silentWrong.isEmpty()) {
                fail(silentWrong.size() + " images give a wrong answer that verify does not report; first:\n"
                        + String.join("\n\n", silentWrong.subList(0, Math.min(3, silentWrong.size()))));
            }
        }
    }

    synchronized Row row(String workload, int ops) {
        Row r = new Row(workload, ops);
        rows.add(r);
        return r;
    }

    synchronized void done(Row r) {
        System.out.printf(
                "power loss: %-50s %4d cut points, %6d images, %6d recovery-cut images %s%n",
                r.workload, r.ops + 1, r.images, r.recoveryImages, r.outcomes);
        r.refusals.keySet().stream().limit(5).forEach(e -> System.out.println("  open refused with " + e));
    }

    synchronized void print(long seed, int subsets, int recoveryEvery) {
        long cuts = 0;
        long images = 0;
        long recoveryImages = 0;
        Map<String, Long> outcomes = new TreeMap<>();
        for (Row r : rows) {
            cuts += r.ops + 1;
            images += r.images;
            recoveryImages += r.recoveryImages;
            r.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
        }
        System.out.printf(
                "power loss: %d workloads x %d cut points x %d subsets = %d images, plus %d images with "
                        + "recovery cut too (-Dzdbc.powerloss.seed=%d -Dzdbc.powerloss.subsets=%d -Dzdbc.powerloss.recoveryEvery=%d)%n",
                rows.size(), cuts, subsets, images, recoveryImages, seed, subsets, recoveryEvery);
        System.out.println("power loss: outcomes " + outcomes);
    }
}
