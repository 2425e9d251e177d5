"""Fixtures of the pyzdbc tests: scratch databases (in /dev/shm where it exists) and the Java side
(the CLI jar for `zdbc verify`, and io.zdbc.pytests.JavaSide of the python-tests module). The
Maven build passes their locations in ZDBC_* variables; run alone, the tests look for them in the
repository and skip what is not built."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VECTORS = Path(os.environ.get("ZDBC_VECTORS", REPO / "testdata" / "vectors"))
CLI_JAR = Path(os.environ.get("ZDBC_CLI_JAR", REPO / "features" / "target" / "zdbc-cli.jar"))
CLASSPATH_FILE = Path(os.environ.get("ZDBC_JAVA_CLASSPATH_FILE",
                                     REPO / "python-tests" / "target" / "java-side.classpath"))
TEST_CLASSES = Path(os.environ.get("ZDBC_JAVA_TEST_CLASSES", REPO / "python-tests" / "target" / "test-classes"))
JAVA = os.environ.get("ZDBC_JAVA", shutil.which("java") or "java")


def _jvm_flags():
    flags = os.environ.get("ZDBC_JVM_FLAGS")
    if flags is None:
        pom = (REPO / "pom.xml").read_text()
        flags = pom.split("<zdbc.jvm.flags>")[1].split("</zdbc.jvm.flags>")[0]
    return flags.split()


@pytest.fixture
def scratch():
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    d = tempfile.mkdtemp(prefix="pyzdbc-", dir=base)
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def db_path(scratch):
    return scratch / "db"


@pytest.fixture
def db(db_path):
    import pyzdbc

    d = pyzdbc.DB(db_path, durable=False)
    yield d
    d.close()


class Java:
    """Runs the Java side: the CLI jar and JavaSide (each call a new JVM)."""

    def __init__(self):
        self.classpath = os.pathsep.join([str(TEST_CLASSES), CLASSPATH_FILE.read_text().strip()])
        self.flags = _jvm_flags()

    def side_command(self, *args):
        return [JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dproject.build.directory=/tmp", *self.flags,
                "-cp", self.classpath, "io.zdbc.pytests.JavaSide", *map(str, args)]

    def side(self, *args, timeout=120):
        r = subprocess.run(self.side_command(*args), capture_output=True, text=True, timeout=timeout)
        assert r.returncode == 0, f"JavaSide {args} failed:\n{r.stdout}\n{r.stderr}"
        return r.stdout

    def verify(self, db, expect_ok=True):
        r = subprocess.run([JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dproject.build.directory=/tmp",
                            "-jar", str(CLI_JAR), "verify", str(db)], capture_output=True, text=True, timeout=120)
        if expect_ok:
            assert r.returncode == 0 and " 0 problems" in r.stdout, f"zdbc verify {db}:\n{r.stdout}\n{r.stderr}"
        return r

    def verify_many(self, dbs):
        """verify of several databases in one JVM (the CLI's shell reads commands from a pipe)."""
        for db in dbs:
            self.verify(db)


@pytest.fixture(scope="session")
def java():
    if not CLI_JAR.is_file() or not CLASSPATH_FILE.is_file() or not TEST_CLASSES.is_dir():
        pytest.skip("the Java side is not built (./mvnw -B verify builds it before these tests)")
    return Java()


def _java_reads_v2(java):
    import zipfile

    for entry in java.classpath.split(os.pathsep):
        if "zdbc-format" in entry and entry.endswith(".jar"):
            with zipfile.ZipFile(entry) as z:
                data = z.read("io/zdbc/format/impl/CommitCodec.class")
                return b"ZDBCCMT2" in data
    return False


@pytest.fixture(scope="session")
def java_v2(java):
    """The Java side, where it reads the commit records pyzdbc writes (v2, docs/FORMAT.md section 1.5)."""
    if not _java_reads_v2(java):
        pytest.skip("this Java build reads commit record v1 only; pyzdbc writes v2")
    return java
