#!/bin/sh
# Regenerates the pictures of docs/user-guide-annotations.md with the headless export command.
# Run from the repository root after 'mvn -B package -DskipTests'.
set -e
S=sample-traces/l1tf-guest-unmitigated.json
J="java -jar target/asiscope.jar"
$J export $S --cycle 59145 --view caches --workspace docs/examples/l1tf.asiscope.json \
    --width 1200 --height 700 --footer --png docs/images/annotated-caches.png --svg docs/images/annotated-caches.svg
$J export $S --cycle 59145 --view caches --workspace docs/examples/l1tf.asiscope.json \
    --width 1200 --height 700 --theme dark --png docs/images/annotated-caches-dark.png
$J export $S --cycle 59145 --workspace docs/examples/l1tf-window.asiscope.json \
    --footer --png docs/images/annotated-window.png
# The editor picture needs the test classes (mvn -B test-compile):
# java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
#   -cp target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
#   dev.asiscope.ui.annotate.editor.EditorPicture docs/images/editor.png
