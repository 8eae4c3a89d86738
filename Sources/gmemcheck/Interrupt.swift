@preconcurrency import Glibc
import Explorer
import Synchronization

/// Ctrl-C and SIGTERM: the search at hand stops at its next batch, and
/// the command prints what it has, marked interrupted. A second signal
/// ends the process at once, unless it comes within `sameInterrupt` of
/// the first: GNU `timeout` sends its signal to the command and then to
/// its own process group, so the command gets it twice, and the second
/// must not throw away the summary the first asked for.
enum Interrupt {
  static let request = StopRequest()
  /// A child process running a case of `bench`, which a signal is passed
  /// on to (0: none).
  static let child = Atomic<Int32>(0)
  /// When the first signal came (monotonic milliseconds), or 0.
  static let first = Atomic<Int64>(0)
  static var sameInterrupt: Int64 { 1000 }

  static var requested: Bool { request.isRequested }

  /// Installs the handler, for commands that search.
  static func install() {
    // Touched here, so that the handler never runs their initializers.
    _ = request.isRequested
    _ = child.load(ordering: .relaxed)
    _ = first.load(ordering: .relaxed)
    signal(SIGINT, onSignal)
    signal(SIGTERM, onSignal)
    // A parent that blocked them (some test runners, some shells' job
    // control) passes the block on through exec: lift it.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }
}

/// Async-signal-safe: atomics, clock_gettime, kill, signal and raise.
private func onSignal(_ signal: Int32) {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  let ms = max(1, Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
  let first = Interrupt.first.load(ordering: .relaxed)
  if first == 0 {
    Interrupt.first.store(ms, ordering: .relaxed)
    Interrupt.request.request()
    let pid = Interrupt.child.load(ordering: .relaxed)
    if pid > 0 { kill(pid, signal) }
    return
  }
  if ms - first < Interrupt.sameInterrupt { return }
  Glibc.signal(signal, SIG_DFL)
  raise(signal)
}
