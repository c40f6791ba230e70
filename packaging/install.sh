#!/bin/sh
# Installs the unpacked app for all users (as root) or for you alone: /opt or ~/.local.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then prefix=/opt/night-dispatch-console; share=/usr/share; bin=/usr/local/bin
else prefix=$HOME/.local/opt/night-dispatch-console; share=$HOME/.local/share; bin=$HOME/.local/bin
fi
mkdir -p "$prefix" "$share/applications" "$share/icons/hicolor/256x256/apps" "$bin"
cp -a "$here/night-dispatch-console/." "$prefix/"
ln -sf "$prefix/night-dispatch-console" "$bin/night-dispatch-console"
cp "$here/night-dispatch-console.png" "$share/icons/hicolor/256x256/apps/"
sed "s#^Exec=night-dispatch-console#Exec=$prefix/night-dispatch-console#" \
    "$here/night-dispatch-console.desktop" > "$share/applications/night-dispatch-console.desktop"
echo "installed in $prefix; start it from the menu or with: night-dispatch-console"
echo "(Debian/Ubuntu also need: apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1)"
