# Sourced by ./zdbc: the start-up cache of the CLI feature (README "Start-up cache").
#
# A one-shot command spends most of its time starting the framework. Two things are kept between
# runs, in ${ZDBC_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/zdbc}/<jar key>/<flags key>/ (the jar key
# covers the feature jar's path, size, time and inode and the JDK; the flags key the JVM flags,
# plugins directory included, and ZDBC_JAVA_OPTS):
#   storage-<n>/   a framework storage (bnd launcher launch.keep): the bundles stay installed, and
#                  the launcher reinstalls only those whose digest in the jar's manifest changed.
#                  Felix locks a storage, so each concurrent run takes the first free slot (flock);
#                  when all are busy the run gets a fresh temporary storage, as without the cache.
#   classes.jsa    a dynamic class-data-sharing archive (AppCDS), written at the exit of the first
#                  run (JDK 17: -XX:ArchiveClassesAtExit) and renamed into place when complete;
#                  classes.jsa.size holds its size, so a truncated archive (which would crash the
#                  JVM while mapping it) is removed instead of used.
# A rebuilt jar gets a new key; then the directories of jars rebuilt or deleted since, that no run
# holds, are removed. ZDBC_CACHE=off runs without the cache.

# zdbc_startup_cache JAR VARIANT JAVA: sets the array startup_flags (JVM options to add) and
# startup_dump/startup_archive (the archive this run writes, renamed to the second when it exits).
zdbc_startup_cache() {
  local jar=$1 variant=$2 java_bin=$3
  startup_flags=()
  startup_dump=""
  startup_archive=""
  [ "${ZDBC_CACHE:-on}" != off ] || return 0
  command -v flock > /dev/null || return 0
  local root="${ZDBC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zdbc}" stamp key dir fd slot
  stamp=$(stat -L -c '%s %Y %i' "$jar" 2> /dev/null) || return 0
  key=$(printf '%s\n' "$jar" "$stamp" "$java_bin" "$(stat -L -c '%Y %i' "$java_bin" 2> /dev/null)" | cksum | cut -d' ' -f1)
  if [ ! -d "$root/$key" ]; then
    mkdir -p "$root/$key" 2> /dev/null || return 0
    printf '%s\n%s\n' "$jar" "$stamp" > "$root/$key/jar"
    zdbc_prune_cache "$root" "$key"
  fi
  dir="$root/$key/$(printf '%s\n' "$variant" "${ZDBC_JAVA_OPTS:-}" | cksum | cut -d' ' -f1)"
  mkdir -p "$dir" 2> /dev/null || return 0
  for slot in 0 1 2 3; do
    # The descriptor stays open in the JVM (exec keeps it): the slot is ours until the JVM exits.
    exec {fd}>> "$dir/storage-$slot.lock" || return 0
    if flock -n "$fd"; then
      startup_flags+=(-Dlaunch.keep=true "-Dlaunch.storage.dir=$dir/storage-$slot")
      break
    fi
    exec {fd}>&-
  done
  local jsa="$dir/classes.jsa"
  if [ -f "$jsa" ]; then
    if [ "$(stat -c %s "$jsa" 2> /dev/null)" = "$(cat "$jsa.size" 2> /dev/null)" ]; then
      startup_flags+=("-XX:SharedArchiveFile=$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
      startup_archive=$jsa
      return 0
    fi
    rm -f "$jsa" "$jsa.size"
  fi
  # One run writes the archive; others meanwhile run without one.
  exec {fd}>> "$dir/classes.lock" || return 0
  if flock -n "$fd"; then
    startup_dump="$jsa.$$"
    startup_archive=$jsa
    # CDS warns on stdout about every class it cannot archive (picocli's are Java 5 classes).
    startup_flags+=("-XX:ArchiveClassesAtExit=$startup_dump" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    exec {fd}>&-
  fi
}

# Removes the directories under ROOT (other than KEEP) of a jar that was rebuilt or deleted since,
# unless a run holds one of their locks.
zdbc_prune_cache() {
  local root=$1 keep=$2 other path stamp lock fd busy
  for other in "$root"/*/; do
    other=${other%/}
    [ "${other##*/}" != "$keep" ] || continue
    { read -r path && read -r stamp; } < "$other/jar" 2> /dev/null || continue
    [ "$(stat -L -c '%s %Y %i' "$path" 2> /dev/null)" != "$stamp" ] || continue
    busy=0
    for lock in "$other"/*/*.lock; do
      [ -e "$lock" ] || continue
      exec {fd}>> "$lock" || { busy=1; break; }
      flock -n "$fd" || busy=1
      exec {fd}>&-
      [ $busy = 0 ] || break
    done
    [ $busy = 1 ] || rm -rf "$other"
  done
}

# zdbc_startup_done CODE: after a run that used or wrote the archive. A written archive is renamed
# into place; an archive in use when the JVM died of a signal is removed, so the next run rebuilds it.
zdbc_startup_done() {
  local code=$1
  if [ -n "$startup_dump" ]; then
    if [ "$code" -lt 128 ] && [ -s "$startup_dump" ]; then
      stat -c %s "$startup_dump" > "$startup_archive.size.$$" && mv -f "$startup_archive.size.$$" "$startup_archive.size"
      mv -f "$startup_dump" "$startup_archive"
    fi
    rm -f "$startup_dump" "$startup_archive.size.$$"
  elif [ -n "$startup_archive" ] && [ "$code" -ge 128 ]; then
    rm -f "$startup_archive" "$startup_archive.size"
  fi
}
