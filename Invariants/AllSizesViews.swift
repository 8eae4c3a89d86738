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
  /// Whether the parts of the views of two subpages show this property's
  /// violations (`witnesses`): a violation needs no more subpages than a
  /// core holds, or is an ioctl's step, whose witnesses the parts follow.
  var decidableByViews: Bool {
    switch witnesses {
    case .subpages(let n): n <= PairViews.coreSize
    case .ioctlStep: true
    case nil: false
    }
  }
}

extension AllSizesCheck {
  /// The properties of `members` the views of two subpages of
  /// `abstraction`'s design prove for every N >= 2 are decided (proven
  /// where N = 1 passes); the rest are returned for the abstract search.
  /// A violation on a part is no counterexample: that search finds
  /// one, or proves the property after all.
  func decideByViews(
    _ members: [Int], of abstraction: AbstractFolios, _ single: ConcreteCheck,
    _ verdicts: inout [AllSizesVerdict], _ runs: inout [ViewsRun]
  ) -> [Int] {
    let candidates = members.filter { invariants[$0].decidableByViews }
    guard abstraction.folios == 1, !candidates.isEmpty else { return members }
    // Its own abstraction: the views' key numbers and overflow flag stay
    // out of the search's.
    let views = AbstractFolios(abstraction.config)
    let checked = candidates.map { invariants[$0] }
    let stop = self.stop
    let result = PairViews(views).run(
      maxParts: limits.maxStates, stop: { stop?.isRequested == true },
      violations: Invariant.violations(of: checked, for: views))
    var proven: [Int] = []
    if result.isProof {
      for (j, i) in candidates.enumerated() where result.violated >> UInt64(j) & 1 == 0 {
        verdicts[i] = single.result.properties[i].verdict == .pass ? .proven : .incomplete
        proven.append(i)
      }
    }
    runs.append(ViewsRun(invariants: checked, result: result, proven: proven.map { invariants[$0] }))
    return members.filter { !proven.contains($0) }
  }
}
