import Explorer
import GmemModel

/// One computation of the views of two subpages (`PairViews`) an
/// every-size check ran, and the properties it was asked to decide.
public struct ViewsRun {
  public let invariants: [Invariant]
  public let result: PairViews.Result
  /// The properties it proves for every N >= 2.
  public let proven: [Invariant]
}

extension Invariant {
  /// Whether a sub-state of `size` keys is large enough to show a
  /// violation of this property (`witnesses`), given the most witnesses
  /// a step on an unmarked subpage, or another step, needed.
  func decidable(bySubStatesOf size: Int, acting: Int, other: Int) -> Bool {
    switch witnesses {
    case .subpages(let n): n <= size
    case .ioctlStep: acting + 1 <= size && other <= size
    case nil: false
    }
  }
}

extension AllSizesCheck {
  /// The properties of `members` the views of two subpages of
  /// `abstraction`'s design prove for every N >= 2 are decided (proven
  /// where N = 1 passes); the rest are returned for the abstract search.
  /// A violation on a sub-state is no counterexample: that search finds
  /// one, or proves the property after all.
  func decideByViews(
    _ members: [Int], of abstraction: AbstractFolios, _ single: ConcreteCheck,
    _ verdicts: inout [AllSizesVerdict], _ runs: inout [ViewsRun]
  ) -> [Int] {
    let candidates = members.filter { invariants[$0].witnesses != nil }
    guard abstraction.folios == 1, !candidates.isEmpty else { return members }
    // Its own abstraction: the views' key numbers and overflow flag stay
    // out of the search's.
    let views = AbstractFolios(abstraction.config)
    let checked = candidates.map { invariants[$0] }
    let stop = self.stop
    let result = PairViews(views).run(
      maxSubStates: limits.maxStates, stop: { stop?.isRequested == true },
      violations: Invariant.violations(of: checked, for: views))
    var proven: [Int] = []
    if result.isProof {
      for (j, i) in candidates.enumerated()
      where result.violated >> UInt64(j) & 1 == 0
        && invariants[i].decidable(
          bySubStatesOf: result.size, acting: result.actingWitnesses, other: result.otherWitnesses)
      {
        verdicts[i] = single.result.properties[i].verdict == .pass ? .proven : .incomplete
        proven.append(i)
      }
    }
    runs.append(ViewsRun(invariants: checked, result: result, proven: proven.map { invariants[$0] }))
    return members.filter { !proven.contains($0) }
  }
}
