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
