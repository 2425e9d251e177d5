#!/usr/bin/env bash
# The zdbc Spark source against Spark on Parquet (snappy), same data, same run (docs/SPARK.md,
# "Benchmark"). Options go to SparkSourceBenchmark: --rows N (10^7), --runs N (5), --dir PATH
# (/dev/shm/zdbc-spark-bench), --master URL (local[2]). Extra Maven flags: MVN_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
ZDBC_FLAGS="--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/jdk.internal.util=ALL-UNNAMED -Dchronicle.analytics.disable=true -Djvm.resource.tracing=false -Dbackground.releaser=false"
SPARK_FLAGS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
./mvnw -B -q ${MVN_FLAGS:-} -pl spark/zdbc-spark test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx3g $ZDBC_FLAGS $SPARK_FLAGS -cp %classpath io.zdbc.spark.SparkSourceBenchmark $*"
