# Shared by the testbed scripts (sourced, not run).

tb_log() { printf '%s: %s\n' "${TB_NAME:-testbed}" "$*" >&2; }
tb_die() { local code=$1; shift; tb_log "error: $*"; exit "$code"; }

# The release of the cloud kernel (e.g. 6.1.0-56-cloud-amd64): $KLAS_KERNEL_RELEASE, else the
# release linux-image-cloud-amd64 depends on.
tb_release() {
  if [ -n "${KLAS_KERNEL_RELEASE:-}" ]; then
    printf '%s\n' "$KLAS_KERNEL_RELEASE"
    return 0
  fi
  dpkg-query -W -f='${Depends}' linux-image-cloud-amd64 2>/dev/null \
    | grep -o 'linux-image-[0-9][^ ,]*-cloud-amd64' | head -n1 | sed 's/^linux-image-//'
}

tb_need_release() {
  TB_RELEASE=$(tb_release)
  [ -n "$TB_RELEASE" ] || tb_die 4 "cannot tell the cloud kernel release: install linux-image-cloud-amd64 (scripts/install-packages testbed) or set KLAS_KERNEL_RELEASE"
}

# The virtio-net driver of RELEASE and the modules it needs, as .ko paths in load order (dependencies first), from
# /lib/modules/RELEASE (Debian's cloud kernel builds virtio, virtio_pci and virtio_net as modules). Dies with 4 when
# one is missing.
tb_net_modules() {
  local release=$1 seen=" " m
  _tb_net_add() {
    local name=$1 dep path
    case "$seen" in *" $name "*) return 0 ;; esac
    for dep in $(modinfo -k "$release" -F depends "$name" 2>/dev/null | tr ',' ' '); do
      _tb_net_add "$dep" || return 1
    done
    path=$(modinfo -k "$release" -n "$name" 2>/dev/null) || return 1
    case "$path" in *.ko) ;; *) tb_log "error: $name is $path: only uncompressed .ko modules are supported"; return 1 ;; esac
    seen="$seen$name "
    printf '%s\n' "$path"
  }
  command -v modinfo >/dev/null || tb_die 4 "modinfo is missing (package kmod)"
  for m in virtio_pci virtio_net; do
    _tb_net_add "$m" || tb_die 4 "cannot find module $m (or a dependency) of $release under /lib/modules/$release (package linux-image-$release)"
  done
}
