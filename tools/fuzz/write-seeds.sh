#!/usr/bin/env bash
# Rewrites the fuzz targets' seed corpora from valid objects (each *FuzzTest's writeSeeds test), into
# MODULE/src/test/resources/PACKAGE/CLASSInputs/METHOD/. Files named found-* (inputs fuzzing found) are kept.
set -eu
cd "$(dirname "$0")/../.."
HEQUANT_WRITE_SEEDS=1 mvn -B -ntp -o -q -pl he-kernels,protocols,models,datasets,engine -am test \
  -Dtest='*FuzzTest#writeSeeds' -Dsurefire.failIfNoSpecifiedTests=false
