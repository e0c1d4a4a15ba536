#!/usr/bin/env bash
# Builds the c10k-lab base image offline, for machines that reach no image registry: a minimal Debian root made
# with debootstrap from this machine's own Debian mirror (read from the apt sources at run time, never written
# into the repository), plus a Java runtime made with jlink from a local JDK 25, loaded with `docker import`.
#
#   docker/base-image.sh [IMAGE]        default IMAGE: c10k-lab/base:jdk25
#
# Environment: C10K_JDK (a JDK 25+ home; default: the first under /usr/lib/jvm), C10K_DEBIAN_MIRROR and
# C10K_DEBIAN_SUITE (override what the apt sources say), C10K_REBUILD=1 (rebuild even if the image exists).
set -euo pipefail

image=${1:-c10k-lab/base:jdk25}
step() { printf 'base-image: %s\n' "$*" >&2; }
die() { printf 'base-image: error: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd first)"
if [ -z "${C10K_REBUILD:-}" ] && docker image inspect "$image" >/dev/null 2>&1; then
  step "$image exists already (C10K_REBUILD=1 rebuilds it)"
  exit 0
fi

# debootstrap makes a root file system: its files must belong to root, so it needs root itself.
[ "$(id -u)" = 0 ] || die "building $image needs root (debootstrap); run docker/base-image.sh once as root"
if ! command -v debootstrap >/dev/null; then
  command -v apt-get >/dev/null || die "debootstrap is missing and there is no apt-get to install it with"
  step "installing debootstrap (apt-get install debootstrap)"
  apt_log=$(mktemp /tmp/c10k-apt-XXXXXX.log)
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
      apt-get install -y -qq --no-install-recommends debootstrap; } >"$apt_log" 2>&1 \
    || die "apt-get install debootstrap failed: $(grep -E '^(E|Err):' "$apt_log" | tail -n 1) (log: $apt_log)"
  rm -f "$apt_log"
fi

jdk=${C10K_JDK:-}
if [ -z "$jdk" ]; then
  for d in /usr/lib/jvm/*; do
    if [ -x "$d/bin/jlink" ] && "$d/bin/java" -XshowSettings:properties -version 2>&1 \
         | grep -Eq 'java\.specification\.version = (2[5-9]|[3-9][0-9])'; then jdk=$d; break; fi
  done
fi
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] || die "no JDK 25+ with jlink found; set C10K_JDK"

# The mirror and suite of this machine's own Debian archive, from the apt sources (one-line or deb822 format).
suite=${C10K_DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}
[ -n "$suite" ] || die "cannot tell the Debian suite; set C10K_DEBIAN_SUITE"
mirror=${C10K_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  mirror=$(
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk -v s="$suite" '$1=="deb" { u=$2; if (u ~ /^\[/) u=$3; for (i=3;i<=NF;i++) if ($i==s) { print u; exit } }' || true)
fi
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v s="$suite" '
    /^URIs:/ { u=$2 } /^Suites:/ { for (i=2;i<=NF;i++) if ($i==s) found=1 }
    /^$/ { if (found && u!="") { print u; exit } found=0; u="" }
    END { if (found && u!="") print u }' | head -n 1 || true)
fi
[ -n "$mirror" ] || die "no Debian mirror for suite $suite in the apt sources; set C10K_DEBIAN_MIRROR"

work=$(mktemp -d /tmp/c10k-base-XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

# One line per phase of debootstrap, the first of each verb (its "I: Retrieving <package>" and "I: Validating
# <package>" lines come by the hundred), with the seconds since the start; the whole output goes to a log that is
# shown when it fails.
phases() {
  local line verb seen=" "
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$work/debootstrap.log"
    case $line in
      "I: "*) verb=${line#I: }; verb=${verb%% *} ;;
      *) continue ;;
    esac
    case $seen in *" $verb "*) continue ;; esac
    seen="$seen$verb "
    step "debootstrap: ${line#I: } (${SECONDS} s)"
  done
}
step "debootstrap $suite (minbase) from $mirror, about a minute"
if ! debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" 2>&1 | phases; then
  tail -n 20 "$work/debootstrap.log" >&2
  die "debootstrap failed: $(grep -E '^E: ' "$work/debootstrap.log" | tail -n 1)"
fi

step "jlink a Java runtime from $jdk"
modules=java.base,java.logging,java.management,java.net.http,jdk.management,jdk.net,jdk.jfr,jdk.jcmd,jdk.attach,jdk.zipfs
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$rootfs/opt/java" >/dev/null

step "trimming"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
       "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

step "docker import as $image"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --message "c10k-lab base: Debian $suite minbase + jlink runtime of $("$jdk/bin/java" -version 2>&1 | head -n 1)" \
  - "$image" >/dev/null
step "done: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
