#!/usr/bin/env bash
# Installs what bench/run-real.sh needs beside Java to run all three peers on a Debian/Ubuntu machine:
# gcc (builds the floor, relay2hop.c) and the Python pair's modules for the system interpreter
# (/usr/bin/python3: Debian's python3-msgpack and python3-websockets, the versions the pair was deployed with).
set -euo pipefail
packages=(gcc libc6-dev python3 python3-msgpack python3-websockets)
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "+ $sudo apt-get install -y ${packages[*]}" >&2
$sudo apt-get update -q
$sudo apt-get install -y -q "${packages[@]}"
/usr/bin/python3 -c 'import msgpack, websockets; print("python pair ready: msgpack", msgpack.version, "websockets", websockets.__version__)'
gcc --version | head -n 1
