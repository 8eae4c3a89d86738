import Dispatch

/// Runs `body(0..<workers)` on `workers` threads and waits for all (one
/// call inline when there is one worker, to keep single-threaded runs free
/// of dispatch overhead). `body` must be safe to run at once on every
/// thread: each call writes only what its index owns.
@inlinable
public func parallel(_ workers: Int, _ body: (Int) -> Void) {
  if workers == 1 {
    body(0)
  } else {
    withoutActuallyEscaping(body) { body in
      let shared = Unchecked(body)
      DispatchQueue.concurrentPerform(iterations: workers) { shared.value($0) }
    }
  }
}

/// A value shared between worker threads. The user promises what Swift
/// cannot check: successor functions and predicates are pure, and
/// threads write disjoint elements (see `FrontierSearch`).
public struct Unchecked<Value>: @unchecked Sendable {
  public let value: Value
  @inlinable public init(_ value: Value) { self.value = value }
}

/// Splits `0..<count` into `parts` contiguous ranges of near-equal size,
/// in order.
@inlinable
func slice(_ count: Int, _ parts: Int, _ i: Int) -> Range<Int> {
  (count * i / parts)..<(count * (i + 1) / parts)
}
