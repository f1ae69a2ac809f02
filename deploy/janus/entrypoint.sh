#!/bin/sh
# Janus config files cannot read the environment: copy the mounted ones and fill in the admin
# secret that roomkey also receives (JANUS_ADMIN_SECRET), so the two cannot drift apart.
set -eu
: "${JANUS_ADMIN_SECRET:?set JANUS_ADMIN_SECRET}"
mkdir -p /run/janus
cp /etc/roomkey-janus/*.jcfg /run/janus/
sed -i "s|@JANUS_ADMIN_SECRET@|${JANUS_ADMIN_SECRET}|" /run/janus/janus.jcfg
lib=$(dirname "$(ls -d /usr/lib/*/janus/plugins | head -n 1)")
sed -i "s|@JANUS_LIB@|${lib}|g" /run/janus/janus.jcfg
exec janus -F /run/janus -C /run/janus/janus.jcfg
