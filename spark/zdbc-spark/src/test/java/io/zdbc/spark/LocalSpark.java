package io.zdbc.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * One {@code local[2]} Spark session for all the tests of a JVM. On a JDK newer than Spark
 * supports, a session that cannot start skips the tests (an assumption naming the cause); on a
 * supported JDK it fails them.
 */
final class LocalSpark {
    /** The newest Java feature release Spark 3.5 and 4.0 support. */
    private static final int NEWEST_SUPPORTED_JDK = 21;

    private static SparkSession session;
    private static String unavailable;

    private LocalSpark() {}

    static synchronized SparkSession get() {
        if (session == null && unavailable == null) {
            try {
                session = SparkSession.builder()
                        .master("local[2]")
                        .appName("zdbc-spark-tests")
                        .config("spark.ui.enabled", "false")
                        .config("spark.ui.showConsoleProgress", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .config("spark.default.parallelism", "2")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .getOrCreate();
            } catch (RuntimeException | LinkageError e) {
                int jdk = Runtime.version().feature();
                if (jdk <= NEWEST_SUPPORTED_JDK) {
                    throw e;
                }
                unavailable = "Spark " + sparkVersion() + " does not run on JDK " + jdk + " (it supports JDK 17 to "
                        + NEWEST_SUPPORTED_JDK + "): " + e;
            }
        }
        assumeTrue(unavailable == null, unavailable);
        return session;
    }

    /** From the properties file Spark's core jar carries (the version class is Scala's {@code package}). */
    static String sparkVersion() {
        Properties p = new Properties();
        try (InputStream in =
                SparkSession.class.getClassLoader().getResourceAsStream("spark-version-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "(unknown version)";
        }
        return p.getProperty("version", "(unknown version)");
    }
}
