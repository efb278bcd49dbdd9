# Starts the klas CLI jar with the JVM options that suit its commands. Sourced, never run, by the launchers: bin/klas
# of a checkout and bin/klas of the installed layout (dist/), which differ only in where the jar and the cache are.
#
#   klas_exec JAR CACHE_DIR WARMUP_ASPECT [ARGS...]
#
# CACHE_DIR (may be empty: then neither is made) holds what is made once per jar (again when the jar is newer): a
# class-data archive of the classes the short commands load, which halves JVM start-up, and SQLite's native library
# copied out of the jar (else sqlite-jdbc copies it to /tmp and checks it in every run).
klas_exec() {
  jar=$1
  cache=$2
  aspect=$3
  shift 3
  cds=""
  sqlite=""
  if [ -n "$cache" ]; then
    jsa="$cache/klas.jsa"
    native="$cache/native"
    if [ ! -f "$jsa" ] || [ "$jar" -nt "$jsa" ]; then
      rm -rf "$native"
      java -XX:ArchiveClassesAtExit="$jsa" -cp "$jar" dev.klas.cli.Warmup "$native" "$aspect" >/dev/null 2>&1 \
        || rm -rf "$jsa" "$native"
    fi
    [ -f "$jsa" ] && cds="-XX:SharedArchiveFile=$jsa -Xshare:auto"
    for lib in "$native"/*sqlitejdbc*; do
      [ -f "$lib" ] && sqlite="-Dorg.sqlite.lib.path=$native -Dorg.sqlite.lib.name=${lib##*/}"
    done
  fi
  # Parsing C (extract, and weave when it extracts) runs long enough to profit from the optimizing JIT; every other
  # command is short, and the C1 compiler alone makes it faster (a full vmlinux line index: 1.5 s instead of 2.2 s).
  jit="-XX:TieredStopAtLevel=1"
  # extract's heap: a whole-vmlinux run keeps under 500 MB alive (the source texts, two units' syntax trees), but the
  # parallel collector, left to its default maximum (a quarter of the RAM), grows the heap past 2 GB and the process
  # to 2.6 GB. 1536 MB keeps the whole process under 2 GiB; a unit that needs more fails alone, "out of memory while
  # parsing". A fixed 768 MB young generation: a unit's syntax tree lives for seconds; with -Xmx1536m alone the
  # collector kept the young generation small and net/ipv4 fell 20% behind the default heap run beside it; with
  # -Xmn768m it took 3% less wall and 5% less CPU than the default (docs/PERFORMANCE.md, bench/kernel, Heap).
  # KLAS_JAVA_OPTS comes last, so -Xmx there overrides it.
  heap=""
  for a in "$@"; do
    case "$a" in
      extract) jit=""; heap="-Xmx1536m -Xmn768m"; break ;;
      --compile-commands) jit=""; break ;;
    esac
  done
  # query and structs (read without picocli, see dev.klas.cli.ShortCommand) spend most of their time starting the
  # JVM: G1, the default collector, is the one that maps the class-data archive's heap objects and module graph (the
  # parallel collector ignores them); no perf-data file; C1 compiles a method after ten times the usual calls (its
  # thread had a third of the CPU). docs/PERFORMANCE.md, "Short commands without picocli".
  vm="-XX:+UseParallelGC"
  for a in "$@"; do
    case "$a" in
      -q|--quiet) ;;
      query|structs) vm="-XX:-UsePerfData -XX:CompileThresholdScaling=10"; break ;;
      *) break ;;
    esac
  done
  # shellcheck disable=SC2086 # the option strings are meant to split into words
  exec java $cds $sqlite $vm $jit $heap ${KLAS_JAVA_OPTS:-} -jar "$jar" "$@"
}
