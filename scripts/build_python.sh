#!/usr/bin/env bash
# Build CPython 3.13 with profile-guided and link-time optimisation (--enable-optimizations
# --with-lto), the way the official Python container images and Debian's python3.13 are built,
# into a prefix of its own. pyenv's default build (the development interpreter, Makefile) has
# neither, and links the interpreter against a shared libpython.
#
#   bash scripts/build_python.sh                   # into /opt/python-3.13.5-opt
#   PREFIX=$HOME/python-opt bash scripts/build_python.sh
#   OPTIMISE=0 bash scripts/build_python.sh        # the same source without either (a control)
#
# Then a virtual environment on it: /opt/python-3.13.5-opt/bin/python3.13 -m venv .venv-opt
# && .venv-opt/bin/pip install --require-hashes --no-deps -r requirements-dev.txt (the
# benchmarks need the development packages; a production server needs only requirements.txt);
# the benchmarks take it through PYTHON_BIN (bench/README.md, docs/operations.md "The
# interpreter").
#
# The source is the release tarball, from python.org or, where only Debian's archive is
# reachable, Debian's copy of the same file (its "orig" tarball); either way it must match
# the SHA-256 below, or nothing is built. Takes about 30 minutes on two cores (the profile
# run is CPython's own test suite, in part).
set -euo pipefail
VERSION=3.13.5
SHA256=93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640
OPTIMISE=${OPTIMISE:-1}
if [ "$OPTIMISE" = 1 ]; then
  PREFIX=${PREFIX:-/opt/python-$VERSION-opt}
  FLAGS=(--enable-optimizations --with-lto)
else
  PREFIX=${PREFIX:-/opt/python-$VERSION-plain}
  FLAGS=()
fi
SOURCES=(
  "https://www.python.org/ftp/python/$VERSION/Python-$VERSION.tar.xz"
  "http://deb.debian.org/debian/pool/main/p/python3.13/python3.13_$VERSION.orig.tar.xz"
)
WORK=$(mktemp -d /tmp/python-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for url in "${SOURCES[@]}"; do
  if curl -fsSL --max-time 300 -o "$WORK/source.tar.xz" "$url"; then
    break
  fi
  echo "Not reachable: $url" >&2
done
[ -s "$WORK/source.tar.xz" ] || { echo "No source tarball could be fetched." >&2; exit 1; }
echo "$SHA256  $WORK/source.tar.xz" | sha256sum --check --quiet -
tar -xJf "$WORK/source.tar.xz" -C "$WORK"
cd "$WORK/Python-$VERSION"
./configure --prefix="$PREFIX" "${FLAGS[@]}" >"$WORK/configure.log"
# The profile run is CPython's own list of training tests (Lib/test/libregrtest/pgo.py); a
# failing test there stops the build. test_generators failed in that run here (one failure in
# 9,367 tests, 3.13.5 on Debian 12), so the profile is taken from the other 42.
PGO_TESTS=$(grep -o "'test_[a-z0-9_]*'" Lib/test/libregrtest/pgo.py | tr -d "'" | grep -vx test_generators | tr '\n' ' ')
make -j"$(nproc)" PROFILE_TASK="-m test --pgo --timeout=1200 $PGO_TESTS" \
  >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
make install >"$WORK/install.log" 2>&1
"$PREFIX/bin/python3.13" -c 'import sysconfig; print(sysconfig.get_config_var("CONFIG_ARGS"))'
