import Synchronization

/// A request, from any thread or a signal handler, that a running search
/// stop: it finishes the batch (or state) at hand and returns what it
/// has, marked `Completion.interrupted`.
public final class StopRequest: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  /// Lock-free, so a signal handler may call it.
  public func request() { flag.store(true, ordering: .relaxed) }

  public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
