# Sourced by install.sh: wait (bounded, with a message) while another apt-get or
# dpkg holds the package-manager lock, instead of failing at once.
#   APT_LOCK_WAIT    seconds to wait at most (default 600)
#   APT_LOCK_FILES   the lock files to watch (default: dpkg's and apt's own)

APT_LOCK_FILES=${APT_LOCK_FILES:-"/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock"}

# true when some process holds one of the locks (apt and dpkg take fcntl locks)
apt_busy() {
  python3 - $APT_LOCK_FILES <<'PY'
import fcntl, sys
for path in sys.argv[1:]:
    try:
        with open(path, "a") as fh:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (FileNotFoundError, PermissionError):
        continue
    except OSError:
        sys.exit(0)
sys.exit(1)
PY
}

wait_for_apt() {
  local limit=${APT_LOCK_WAIT:-600} waited=0
  while apt_busy; do
    if [ "$waited" -ge "$limit" ]; then
      echo "error: another apt-get/dpkg still holds the package lock after ${limit}s; run this again when it has finished" >&2
      return 1
    fi
    if [ "$waited" -eq 0 ]; then
      echo "waiting for another apt-get/dpkg to finish (at most ${limit}s; APT_LOCK_WAIT sets this)..." >&2
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

# apt-get (through $APT_SUDO when set) that first waits for the lock, then lets
# apt itself wait out a race for it
apt_get() {
  wait_for_apt || return 1
  ${APT_SUDO:-} env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="${APT_LOCK_WAIT:-600}" "$@"
}
