package io.zdbc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Facts about the machine a benchmark ran on, for its JSON result. */
final class Machine {
    private Machine() {}

    /** For the JSON: a few facts about this machine. */
    static Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            lines.filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
        } catch (IOException | UncheckedIOException e) {
            // not Linux
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            lines.filter(l -> l.startsWith("MemTotal"))
                    .findFirst()
                    .ifPresent(
                            l -> m.put("memory", l.substring(l.indexOf(':') + 1).trim()));
        } catch (IOException | UncheckedIOException e) {
            // not Linux
        }
        m.put(
                "jdk",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"));
        m.put("maxHeap", Report.bytes(Runtime.getRuntime().maxMemory()));
        return m;
    }
}
