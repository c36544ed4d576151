# Shared by the benchmark scripts: JDK, build, classpath, a cache folder for generated data, peak-RSS timing.
set -eu
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$root/.mvn/select-jdk.sh"
cache=${ASSAY_BENCH_CACHE:-$HOME/.cache/assay-bench}
mkdir -p "$cache"
java="$JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"

build_bench() {
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl bench -am >&2)
  cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
}

need_python_peer() { # $1 = Debian package(s)
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || { echo "installing $pkg (peer)" >&2; apt-get install -y -qq "$pkg" >/dev/null; }
  done
}

# Runs a command under GNU time; prints "<stdout of the command>\t<max RSS MB>\t<wall s>".
measure() {
  out=$(mktemp)
  /usr/bin/time -f "%M %e" -o "$out.time" "$@" >"$out"
  rss_kb=$(cut -d' ' -f1 "$out.time")
  wall=$(cut -d' ' -f2 "$out.time")
  printf '%s\t%s\t%s\n' "$(tail -n 1 "$out")" "$((rss_kb / 1024))" "$wall"
  rm -f "$out" "$out.time"
}
