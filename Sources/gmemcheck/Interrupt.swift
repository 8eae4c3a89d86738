@preconcurrency import Glibc
import Explorer
import Synchronization

/// Ctrl-C and SIGTERM: the search at hand stops at its next batch, and
/// the command prints what it has, marked interrupted. A second signal
/// ends the process at once.
enum Interrupt {
  static let request = StopRequest()
  /// A child process running a case of `bench`, which a signal is passed
  /// on to (0: none).
  static let child = Atomic<Int32>(0)

  static var requested: Bool { request.isRequested }

  /// Installs the handler, for commands that search.
  static func install() {
    // Touched here, so that the handler never runs their initializers.
    _ = request.isRequested
    _ = child.load(ordering: .relaxed)
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

/// Async-signal-safe: atomic stores, kill and signal.
private func onSignal(_ signal: Int32) {
  Interrupt.request.request()
  let pid = Interrupt.child.load(ordering: .relaxed)
  if pid > 0 { kill(pid, signal) }
  Glibc.signal(signal, SIG_DFL)
}
