package io.zdbc.itest;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pyarrow.flight client load of flight_load.py, run as a process: counts its checked answers,
 * collects the lines it reports as wrong, and stops it by closing its input.
 */
final class FlightLoad {
    /** What the clients reported: wrong answers or errors, and their final line. */
    record Summary(List<String> wrong, String done) {}

    private final Process process;
    private final AtomicLong answers = new AtomicLong();
    private final List<String> wrong = new ArrayList<>();
    private final List<String> other = new ArrayList<>();
    private final Thread output;
    private volatile String done = "(no final line)";

    FlightLoad(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        output = new Thread(this::read, "zdbc-test-flight-load");
        output.setDaemon(true);
        output.start();
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("answers ")) {
                    answers.set(Long.parseLong(line.substring(8).trim()));
                } else if (line.startsWith("done ")) {
                    done = line;
                } else if (line.startsWith("wrong ")) {
                    synchronized (wrong) {
                        wrong.add(line);
                    }
                } else {
                    synchronized (other) {
                        other.add(line); // e.g. a Python traceback
                    }
                }
            }
        } catch (IOException e) {
            synchronized (other) {
                other.add("reading the clients' output failed: " + e);
            }
        }
    }

    /** Waits until the clients have checked {@code more} answers more than now. */
    void awaitAnswers(int more) {
        long target = answers.get() + more;
        await().atMost(Duration.ofMillis(Timeouts.SERVICE_MS * 3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> answers.get() >= target || !process.isAlive());
        if (answers.get() < target) {
            throw new AssertionError("the Flight clients stopped: " + other + " " + wrong);
        }
    }

    /** Stops the clients, lets them check the uploads, and returns what they reported. */
    Summary finish() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        output.join(10_000);
        List<String> bad = new ArrayList<>();
        synchronized (wrong) {
            bad.addAll(wrong);
        }
        synchronized (other) {
            bad.addAll(other);
        }
        return new Summary(bad, done);
    }
}
