import Synchronization

/// The bytes a search may hold in its tables, links and queues, shared
/// by the threads that grow them.
///
/// A big structure asks before it grows (`reserve`, or a share fixed
/// before a batch: `VisitedSet.allow`), so that the search stops with what
/// it has instead of the allocator failing, which Swift turns into a
/// crash. Growth and release only, never a per-state cost.
final class MemoryBudget: Sendable {
  let limit: Int
  private let used = Atomic<Int>(0)
  private let refused = Atomic<Bool>(false)

  /// `limit` nil: no limit (growth is still counted).
  init(limit: Int?) { self.limit = limit ?? .max }

  var bytes: Int { used.load(ordering: .relaxed) }

  /// Whether a growth was refused or failed: the search must stop.
  var isExceeded: Bool { refused.load(ordering: .relaxed) }

  /// Counts `bytes` more if they fit under the limit; else refuses, and
  /// the budget is exceeded from then on.
  func reserve(_ bytes: Int) -> Bool {
    var current = used.load(ordering: .relaxed)
    while true {
      guard bytes <= limit - current else {
        refused.store(true, ordering: .relaxed)
        return false
      }
      let (done, now) = used.compareExchange(
        expected: current, desired: current + bytes, ordering: .relaxed)
      if done { return true }
      current = now
    }
  }

  /// Counts `bytes` already allocated; past the limit, the budget is
  /// exceeded.
  func charge(_ bytes: Int) {
    let now = used.add(bytes, ordering: .relaxed).newValue
    if now > limit { refused.store(true, ordering: .relaxed) }
  }

  func release(_ bytes: Int) { used.subtract(bytes, ordering: .relaxed) }

  /// An allocation failed although the budget allowed it: stop as if the
  /// budget were spent.
  func markExceeded() { refused.store(true, ordering: .relaxed) }
}
