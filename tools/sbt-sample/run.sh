#!/usr/bin/env bash
# Installs the hequant modules into ~/.m2 and runs the sample sbt build beside this script, which depends on
# them with %% and evaluates the bundled demo model on local Spark. sbt comes from Maven Central (its launcher
# is fetched with Maven; sbt and Scala through it), cached under $HEQUANT_SBT_CACHE (~/.cache/hequant-sbt).
# Fails unless the evaluator printed its accuracy line. Extra Maven flags (e.g. -o): HEQUANT_MVN_FLAGS.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${HEQUANT_SBT_CACHE:-$HOME/.cache/hequant-sbt}"
SBT_VERSION="$(sed -n 's/^sbt.version=//p' "$HERE/project/build.properties")"
LAUNCHER="$CACHE/sbt-launch-$SBT_VERSION.jar"
mkdir -p "$CACHE"

# spark-jobs and the modules below it: all the sample needs (the cli module installs the same way, as cli_2.13).
echo "sbt-sample: mvn install (spark-jobs_2.13 and below into ~/.m2) ..." >&2
(cd "$ROOT" && mvn -B -ntp -q ${HEQUANT_MVN_FLAGS:-} install -pl spark-jobs -am -Dmaven.test.skip=true)

if [ ! -f "$LAUNCHER" ]; then
  echo "sbt-sample: fetching sbt-launch $SBT_VERSION from Maven Central ..." >&2
  (cd "$CACHE" && mvn -B -ntp -q ${HEQUANT_MVN_FLAGS:-} dependency:copy \
    -Dartifact="org.scala-sbt:sbt-launch:$SBT_VERSION" -DoutputDirectory="$CACHE")
fi

# Maven Central only (and ~/.m2 for the hequant modules): sbt's launcher would otherwise also try
# repo.scala-sbt.org; overriding the build's repositories keeps the project's resolution to the same list.
cat >"$CACHE/repositories" <<'REPOS'
[repositories]
  local
  maven-local
  maven-central
REPOS

LOG="$HERE/target/run.log"
mkdir -p "$HERE/target"
echo "sbt-sample: sbt run ..." >&2
(cd "$HERE" && COURSIER_CACHE="$CACHE/coursier" java \
  -Dsbt.boot.directory="$CACHE/boot" -Dsbt.ivy.home="$CACHE/ivy2" -Dsbt.global.base="$CACHE/global" \
  -Dsbt.repository.config="$CACHE/repositories" -Dsbt.override.build.repos=true \
  -Dsbt.server.forcestart=false -Dsbt.supershell=false -Dsbt.color=false \
  -jar "$LAUNCHER" run) 2>&1 | tee "$LOG"

if ! grep -Eq '^accuracy = [0-9.]+, agreement = [0-9.]+' "$LOG"; then
  echo "sbt-sample: FAILED: no accuracy line from the evaluator (log: $LOG)" >&2
  exit 1
fi
echo "sbt-sample: OK" >&2
