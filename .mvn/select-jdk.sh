# Selects a JDK >= 25 for Assay's scripts (mvnw, assay, .ci/run) and exports JAVA_HOME.
# Order: JAVA_HOME, then `java` on PATH, then the usual install locations. Sourced, not executed.
# On failure prints one clear line and exits 1.

assay_required_java=25

assay_java_major() { # $1 = JDK home; prints its feature version or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

assay_jdk_ok() { # $1 = candidate JDK home
  [ -n "$1" ] || return 1
  v=$(assay_java_major "$1")
  [ -n "$v" ] && [ "$v" -ge "$assay_required_java" ]
}

assay_select_jdk() {
  if assay_jdk_ok "${JAVA_HOME-}"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if assay_jdk_ok "$candidate"; then JAVA_HOME=$candidate; export JAVA_HOME; return 0; fi
  fi
  case $- in *f*) assay_noglob=1; set +f ;; *) assay_noglob= ;; esac
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if assay_jdk_ok "$candidate"; then
      JAVA_HOME=$candidate; export JAVA_HOME
      [ -z "$assay_noglob" ] || set -f
      return 0
    fi
  done
  echo "Assay needs a JDK $assay_required_java or newer: none found in JAVA_HOME (${JAVA_HOME:-unset}), on PATH or under /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks. Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
  exit 1
}

assay_select_jdk
