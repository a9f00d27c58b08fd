#!/usr/bin/env bash
# Linux app image and .deb of asiscope, made with jpackage from the self-contained target/asiscope.jar.
#
#   scripts/package-linux.sh              # app image + .deb (after 'mvn package'; 'mvn -Prelease package' runs it)
#   scripts/package-linux.sh --app-image  # app image only (no dpkg-deb/fakeroot needed)
#
# Output: target/jpackage/asiscope/ (run bin/asiscope) and target/jpackage/asiscope_<version>_<arch>.deb.
# Needs a full JDK 17+ (jpackage, jlink, jdeps and the jmods; Debian: openjdk-17-jdk-headless) and, for the
# .deb, dpkg-deb and fakeroot. The runtime is jlinked with the modules jdeps finds in the jar, so the app
# image needs no Java installed. See docs/install.md.
set -euo pipefail
cd "$(dirname "$0")/.."

app_image_only=false
[[ "${1:-}" == "--app-image" ]] && app_image_only=true

jar=target/asiscope.jar
if [[ ! -f "$jar" ]]; then
  echo "package-linux: $jar is missing; run 'mvn -B package' first" >&2
  exit 1
fi
for tool in jpackage jdeps; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "package-linux: '$tool' not found; install a full JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
done

# "asiscope 0.1.0" -> 0.1.0 (the jar's Implementation-Version)
version=$(java -jar "$jar" --version | sed -n 's/^asiscope //p')
version=${version:-0.0.0}
out=target/jpackage
rm -rf "$out"
mkdir -p "$out/input"
cp "$jar" "$out/input/"

# The modules the jar uses (JavaFX, Jackson, picocli, asiscope), computed so the list never goes stale.
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")
echo "package-linux: asiscope $version, runtime modules: $modules"

common=(
  --name asiscope
  --app-version "$version"
  --description "Address Space Isolation for KVM, made visible and measurable"
  --vendor "asiscope"
  --input "$out/input"
  --main-jar asiscope.jar
  --main-class dev.asiscope.cli.Main
  --icon assets/asiscope.png
  --add-modules "$modules"
  --jlink-options "--strip-debug --no-header-files --no-man-pages --generate-cds-archive"
)

jpackage --type app-image --dest "$out" "${common[@]}"

# Application class-data sharing (docs/performance.md, "The window"): a launch of the app image that quits
# after its first frame records the classes it loaded (JDK 17: -XX:ArchiveClassesAtExit, on top of the
# runtime's own archive, made by jlink --generate-cds-archive, which needs the runtime's bin/java, so the
# native commands stay in the image); the launcher then maps them instead of
# loading and verifying them again, which took 25-40 % off a launch measured under load. It needs a display
# (xvfb-run when there is none); without one the image is made without the archive. The archive holds the
# image's absolute paths: a moved image starts without it (the JVM checks and falls back, silently).
cfg="$out/asiscope/lib/app/asiscope.cfg"
jsa="$out/asiscope/lib/app/asiscope.jsa"
train=()
if [[ -n "${DISPLAY:-}" ]]; then
  train=()
elif command -v xvfb-run >/dev/null 2>&1; then
  train=(xvfb-run -a -s "-screen 0 1600x1000x24")
else
  train=(none)
fi
if [[ "${train[0]:-}" != none ]]; then
  scratch=$(mktemp -d)
  JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off -Dprism.order=sw -Dasiscope.exitAfterFirstFrame=true -Dasiscope.configDir=$scratch" \
    timeout 300 "${train[@]}" "$out/asiscope/bin/asiscope" >/dev/null 2>&1 || true
  rm -rf "$scratch"
fi
if [[ -f "$jsa" ]]; then
  # $APPDIR is the launcher's own directory (lib/app): the archive goes where the image goes.
  sed -i 's|^\[JavaOptions\]$|[JavaOptions]\njava-options=-XX:SharedArchiveFile=$APPDIR/asiscope.jsa\njava-options=-Xlog:cds=off\njava-options=-Xlog:cds+dynamic=off|' "$cfg"
  grep -q 'SharedArchiveFile' "$cfg" || printf '[JavaOptions]\njava-options=-XX:SharedArchiveFile=$APPDIR/asiscope.jsa\njava-options=-Xlog:cds=off\njava-options=-Xlog:cds+dynamic=off\n' >> "$cfg"
  echo "package-linux: class-data-sharing archive $jsa ($(du -h "$jsa" | cut -f1))"
else
  echo "package-linux: no display and no xvfb-run: the app image has no class-data-sharing archive" >&2
fi
echo "package-linux: app image $out/asiscope ($(du -sh "$out/asiscope" | cut -f1))"

if $app_image_only; then
  exit 0
fi
missing=()
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg-deb)
command -v fakeroot >/dev/null 2>&1 || missing+=(fakeroot)
if ((${#missing[@]})); then
  echo "package-linux: cannot make the .deb without ${missing[*]} (Debian: apt-get install dpkg fakeroot);" \
       "the app image is done" >&2
  exit 1
fi
# JavaFX opens GTK 3, Xtst and pango with dlopen, which dpkg-shlibdeps cannot see: name them.
# The .deb is made from the jar, without the archive: JDK 17 refuses an archive whose application class
# path has moved (it records absolute paths), and the .deb installs the image elsewhere.
jpackage --type deb --dest "$out" "${common[@]}" \
  --linux-package-name asiscope \
  --linux-deb-maintainer "asiscope@localhost" \
  --linux-menu-group "Education;Science" \
  --linux-app-category education \
  --linux-shortcut \
  --linux-package-deps "libgtk-3-0, libxtst6, libpangoft2-1.0-0, fonts-dejavu-core"
ls -l "$out"/*.deb
