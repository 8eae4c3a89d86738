/// The most subpage tests that found a subpage (`CountingState`) in one
/// step: of an action on an unmarked subpage (it needs that subpage's key
/// kept as well), and of any other. `PairViews` sizes its sub-states by
/// them.
final class WitnessCount {
  let counter = CountingState.Counter()
  private(set) var acting = 0
  private(set) var other = 0

  /// The step just run: `counter.found` tests found a subpage.
  func record(acting isActing: Bool) {
    if isActing { acting = max(acting, counter.found) } else { other = max(other, counter.found) }
  }
}
